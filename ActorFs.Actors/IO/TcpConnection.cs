using System.Net;
using System.Net.Sockets;

namespace ActorFs.Actors.IO;

/// <summary>
/// One TCP (optionally TLS) connection, incoming or outgoing, as one actor (STYLE item 5).
/// <code>
///  Establishing ──(connect + TLS handshake done: Connected sent)──► AwaitingRegistration ──(register timeout)──► Shutdown
///       │ failed: CommandFailed(Connect), or logged                      │ Register
///       ▼                                                                ▼
///    Shutdown                                                          Open ──(peer EOF, keepOpenOnPeerClosed)──► HalfClosed
///                                                                        │ Close / ConfirmedClose / peer EOF             │ Close / ConfirmedClose
///                                                                        ▼                                               │
///                                                                      Closing ◄─────────────────────────────────────────┘
///                                                                        │ queue flushed (ConfirmedClose: and peer EOF)
///                                                                        ▼
///                                                                      Shutdown: Closed / ConfirmedClosed / PeerClosed
///  Open / HalfClosed ──(TakeOverStream)──► HandingOver ──(queue flushed: StreamTakenOver)──► TakenOver ──(owner stops / Close / Abort)──► Shutdown
///  any phase ──(Abort, read or write error, handler stopped, actor stopped)──► Shutdown: Aborted / ErrorClosed / nothing
/// </code>
/// Under the hood: a receive pump (its own task; reads straight into a buffer rented per connection and
/// delivers copies to the handler) and a send loop (its own task; drains the bounded write queue and acks
/// each write once the socket or SslStream has taken it). Both report ends and errors to the actor as
/// messages; every teardown goes through <see cref="Shutdown"/>, which runs once and records why.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor is not disposed: its cancellation source is disposed in PostStop.")]
internal sealed partial class TcpConnection : ReceiveActor, IWithTimers
{
    private const string RegisterTimer = "register-timeout";

    private readonly Origin _origin;
    private readonly TcpSettings _settings;
    private readonly CancellationTokenSource _lifetime = new();
    private Flags _flags = Flags.Initial;
    private CloseReason? _closedBecause;
    private Socket? _socket;
    private Stream? _stream;
    private SendQueue? _sendQueue;
    private ReceivePump? _pump;

    public TcpConnection(Origin origin, TcpSettings settings)
    {
        _origin = origin;
        _settings = settings;
        Become(Establishing);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The orthogonal facts about a connection, in one immutable record (phases are the behaviours).</summary>
    private sealed record Flags(
        IActorRef? Handler,
        bool KeepOpenOnPeerClosed,
        bool ReadingSuspended,
        bool PeerClosed,
        bool OutputShutdown,
        Tcp.CloseCommand? Closing,
        IActorRef? CloseCommander)
    {
        public static Flags Initial { get; } = new(null, false, false, false, false, null, null);
    }

    /// <summary>Why a connection ended: the event the handler (and the close commander, if another actor) gets, and whether to reset.</summary>
    private sealed record CloseReason(string Why, Tcp.ConnectionClosed? Event, IActorRef? Commander = null, bool Reset = false);

    // ---- Phases ------------------------------------------------------------------------------------------

    private void Establishing()
    {
        Receive<Established>(OnEstablished);
        Receive<EstablishFailed>(failed =>
        {
            if (_origin is OutgoingOrigin outgoing)
            {
                outgoing.Commander.Tell(new Tcp.CommandFailed(outgoing.Connect, failed.Cause), Self);
            }

            Shutdown(new CloseReason($"could not establish: {failed.Cause.Message}", null));
        });
    }

    private void AwaitingRegistration()
    {
        Receive<Tcp.Register>(OnRegister);
        Receive<RegisterTimedOut>(_ => Shutdown(new CloseReason("no Register within the register timeout", null)));
        Receive<Tcp.SuspendReading>(_ => _flags = _flags with { ReadingSuspended = true });
        Receive<Tcp.ResumeReading>(_ => _flags = _flags with { ReadingSuspended = false });
        Receive<Tcp.TakeOverStream>(take => Sender.Tell(new Tcp.CommandFailed(take, new InvalidOperationException("Register before taking over the stream.")), Self));
        Writing();
        Closable();
        LoopEnds();
    }

    private void Open()
    {
        Receive<Tcp.SuspendReading>(_ =>
        {
            _flags = _flags with { ReadingSuspended = true };
            _pump?.Pause();
        });
        Receive<Tcp.ResumeReading>(_ =>
        {
            _flags = _flags with { ReadingSuspended = false };
            _pump?.Resume();
        });
        Receive<Tcp.TakeOverStream>(OnTakeOverStream);
        Writing();
        Closable();
        LoopEnds();
        HandlerWatch();
    }

    private void HalfClosed()
    {
        Receive<Tcp.SuspendReading>(_ => { });
        Receive<Tcp.ResumeReading>(_ => { });
        Receive<Tcp.TakeOverStream>(OnTakeOverStream);
        Writing();
        Closable();
        LoopEnds();
        HandlerWatch();
    }

    private void Closing()
    {
        Receive<Tcp.WriteCommand>(write => Sender.Tell(new Tcp.CommandFailed(write, new InvalidOperationException("The connection is closing.")), Self));
        Receive<Tcp.Abort>(abort => Shutdown(new CloseReason("aborted while closing", Tcp.Aborted.Instance, Sender, Reset: true)));
        Receive<Tcp.CloseCommand>(close => Sender.Tell(new Tcp.CommandFailed(close, new InvalidOperationException("The connection is already closing.")), Self));
        Receive<Tcp.SuspendReading>(_ => { });
        Receive<Tcp.ResumeReading>(_ => { });
        Receive<Tcp.TakeOverStream>(take => Sender.Tell(new Tcp.CommandFailed(take, new InvalidOperationException("The connection is closing.")), Self));
        Receive<Drained>(d => d.Marker is SendMarker.CloseAfterFlush or SendMarker.ShutdownOutput, _ =>
        {
            _flags = _flags with { OutputShutdown = true };
            FinishCloseIfDone();
        });
        Receive<ReadEnded>(ended =>
        {
            if (ended.Error is { } error)
            {
                Shutdown(ErrorReason(error));
                return;
            }

            _flags = _flags with { PeerClosed = true };
            FinishCloseIfDone();
        });
        Receive<SendFailed>(failed => Shutdown(ErrorReason(failed.Cause)));
        HandlerWatch();
    }

    private void HandingOver(IActorRef owner)
    {
        Receive<Tcp.WriteCommand>(write => Sender.Tell(new Tcp.CommandFailed(write, new InvalidOperationException("The stream is being taken over.")), Self));
        Receive<Tcp.Abort>(_ => Shutdown(new CloseReason("aborted during takeover", Tcp.Aborted.Instance, Sender, Reset: true)));
        Receive<Drained>(d => d.Marker == SendMarker.HandOver, _ => CompleteTakeOver(owner));
        Receive<ReadEnded>(_ => { }); // the owner sees the end (or error) on its own reads
        Receive<SendFailed>(failed =>
        {
            owner.Tell(new Tcp.CommandFailed(Tcp.TakeOverStream.Instance, failed.Cause), Self);
            Shutdown(ErrorReason(failed.Cause));
        });
        HandlerWatch();
    }

    private void TakenOver(IActorRef owner)
    {
        Receive<Terminated>(t => t.ActorRef.Equals(owner), _ => Shutdown(new CloseReason("the stream owner stopped", null)));
        Receive<Tcp.Abort>(_ => Shutdown(new CloseReason("aborted by the stream owner", Tcp.Aborted.Instance, Sender, Reset: true)));
        Receive<Tcp.CloseCommand>(close => Shutdown(new CloseReason("closed by the stream owner", close.Event, Sender)));
        Receive<Tcp.Command>(command => Sender.Tell(new Tcp.CommandFailed(command, new InvalidOperationException("The stream has been taken over; use it directly.")), Self));
        Receive<ReadEnded>(_ => { });
        Receive<Drained>(_ => { });
    }

    // ---- Handler sets shared by phases -----------------------------------------------------------------

    private void Writing() => Receive<Tcp.WriteCommand>(write =>
    {
        if (!_sendQueue!.TryEnqueue(write, Sender, _settings.MaxWriteQueueBytes))
        {
            Sender.Tell(new Tcp.CommandFailed(write, new WriteQueueFullException(write.Length, _sendQueue.QueuedBytes, _settings.MaxWriteQueueBytes)), Self);
        }
    });

    private void Closable()
    {
        Receive<Tcp.Abort>(_ => Shutdown(new CloseReason("aborted by handler", Tcp.Aborted.Instance, Sender, Reset: true)));
        Receive<Tcp.CloseCommand>(close => BeginClose(close, Sender));
    }

    private void LoopEnds()
    {
        Receive<ReadEnded>(OnReadEnded);
        Receive<SendFailed>(failed => Shutdown(ErrorReason(failed.Cause)));
    }

    private void HandlerWatch() =>
        Receive<Terminated>(t => t.ActorRef.Equals(_flags.Handler), _ => Shutdown(new CloseReason("the handler stopped", null)));

    // ---- Transitions ---------------------------------------------------------------------------------------

    protected override void PreStart()
    {
        var self = Self;
        EstablishAsync(_origin, _settings, _lifetime.Token).PipeTo(self, success: static e => e, failure: static cause => new EstablishFailed(cause));
    }

    protected override void PostStop()
    {
        Shutdown(new CloseReason("the connection actor stopped", null), stopSelf: false);
        _pump?.Dispose();
        _lifetime.Dispose();
    }

    private void OnEstablished(Established established)
    {
        _socket = established.Socket;
        _stream = established.Stream;
        _sendQueue = new SendQueue();
        _ = _sendQueue.RunAsync(_stream, _socket, Self, _lifetime.Token);
        Timers.StartSingleTimer(RegisterTimer, RegisterTimedOut.Instance, _settings.RegisterTimeout);
        _origin.Greeted.Tell(new Tcp.Connected(established.Remote, established.Local), Self);
        Become(AwaitingRegistration);
    }

    private void OnRegister(Tcp.Register register)
    {
        Timers.Cancel(RegisterTimer);
        _flags = _flags with { Handler = register.Handler, KeepOpenOnPeerClosed = register.KeepOpenOnPeerClosed };
        Context.Watch(register.Handler);
        StartPump(register.Handler);
        Become(Open);
    }

    private void StartPump(IActorRef handler)
    {
        _pump = new ReceivePump(_stream!, _socket!, zeroByteReads: !_origin.Options.IsTls, _settings.ReceiveBufferSize);
        if (_flags.ReadingSuspended) _pump.Pause();
        _ = _pump.RunAsync(handler, Self, _lifetime.Token);
    }

    private void OnReadEnded(ReadEnded ended)
    {
        if (ended.Error is { } error)
        {
            Shutdown(ErrorReason(error));
            return;
        }

        _flags = _flags with { PeerClosed = true };
        if (_flags.KeepOpenOnPeerClosed)
        {
            _flags.Handler?.Tell(Tcp.PeerClosed.Instance, Self);
            Become(HalfClosed);
            return;
        }

        // Not kept open: write what is queued, then close, reporting PeerClosed.
        BeginClose(null, null);
    }

    /// <summary>Flushes the write queue, then closes (ConfirmedClose: closes the sending side and waits for the peer's EOF).</summary>
    private void BeginClose(Tcp.CloseCommand? close, IActorRef? commander)
    {
        _flags = _flags with { Closing = close, CloseCommander = commander };
        if (close is Tcp.ConfirmedClose)
        {
            if (_pump is null) StartPump(commander!);
            _pump!.Resume();
        }

        _sendQueue!.Enqueue(close is Tcp.ConfirmedClose ? SendMarker.ShutdownOutput : SendMarker.CloseAfterFlush);
        Become(Closing);
    }

    private void FinishCloseIfDone()
    {
        if (!_flags.OutputShutdown) return;
        switch (_flags.Closing)
        {
            case null:
                Shutdown(new CloseReason("the peer closed", Tcp.PeerClosed.Instance));
                break;
            case Tcp.ConfirmedClose when _flags.PeerClosed:
                Shutdown(new CloseReason("confirmed close", Tcp.ConfirmedClosed.Instance, _flags.CloseCommander));
                break;
            case Tcp.Close:
                Shutdown(new CloseReason("closed by handler", Tcp.Closed.Instance, _flags.CloseCommander));
                break;
        }
    }

    private void OnTakeOverStream(Tcp.TakeOverStream take)
    {
        var owner = Sender;
        if (!owner.Equals(_flags.Handler))
        {
            owner.Tell(new Tcp.CommandFailed(take, new InvalidOperationException("Only the registered handler may take over the stream.")), Self);
            return;
        }

        _sendQueue!.Enqueue(SendMarker.HandOver);
        Become(() => HandingOver(owner));
    }

    private void CompleteTakeOver(IActorRef owner)
    {
        var pending = _pump?.HandOver();
        var stream = new TakenOverStream(_stream!, pending);
        _stream = stream;
        owner.Tell(new Tcp.StreamTakenOver(stream, _socket!, ReadOnlyMemory<byte>.Empty), Self);
        Become(() => TakenOver(owner));
    }

    private static CloseReason ErrorReason(Exception error) =>
        new($"connection error: {error.Message}", new Tcp.ErrorClosed(error.Message));

    /// <summary>
    /// The one way a connection ends (STYLE item 9): runs once, records why, stops both loops, resets or
    /// closes the socket, tells the handler (and the close commander) the event, and stops the actor.
    /// </summary>
    private void Shutdown(CloseReason reason, bool stopSelf = true)
    {
        if (_closedBecause is not null) return;
        _closedBecause = reason;
        Context.GetLogger().Debug("Connection {Remote} closed: {Reason}", SafeRemote(), reason.Why);
        _lifetime.Cancel();
        _pump?.Stop();
        _sendQueue?.Complete();
        if (reason.Reset && _socket is not null)
        {
            try
            {
                // Linger 0, then close the socket before the stream: disposing a NetworkStream first would
                // shut the socket down gracefully (FIN) instead of resetting it.
                _socket.LingerState = new LingerOption(true, 0);
                _socket.Dispose();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone: nothing to reset.
            }
        }

        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // Disposing a broken TLS stream may try to write; the socket is closed below either way.
        }

        _socket?.Dispose();
        if (_origin is IncomingOrigin { Socket: var accepted } && _socket is null) accepted.Dispose();
        if (reason.Event is { } closed)
        {
            var handler = _flags.Handler;
            handler?.Tell(closed, Self);
            if (reason.Commander is { } commander && !commander.Equals(handler)) commander.Tell(closed, Self);
        }

        if (stopSelf) Context.Stop(Self);
    }

    private string SafeRemote()
    {
        try
        {
            return _socket?.RemoteEndPoint?.ToString() ?? "(not connected)";
        }
        catch (ObjectDisposedException)
        {
            return "(closed)";
        }
    }

    // ---- Internal messages -------------------------------------------------------------------------------

    private sealed record Established(Socket Socket, Stream Stream, EndPoint Remote, EndPoint Local);

    private sealed record EstablishFailed(Exception Cause);

    private sealed record RegisterTimedOut
    {
        public static RegisterTimedOut Instance { get; } = new();
    }

    /// <summary>From the receive pump: end of stream (null) or the error that ended reading.</summary>
    private sealed record ReadEnded(Exception? Error);

    /// <summary>From the send loop: a write failed; the connection is broken.</summary>
    private sealed record SendFailed(Exception Cause);

    /// <summary>From the send loop: everything queued before <paramref name="Marker"/> is written (and the marker's action done).</summary>
    private sealed record Drained(SendMarker Marker);

    private enum SendMarker
    {
        /// <summary>Close: TLS close_notify after the queued writes; the actor then disposes.</summary>
        CloseAfterFlush,

        /// <summary>ConfirmedClose: TLS close_notify and TCP FIN after the queued writes; reading goes on.</summary>
        ShutdownOutput,

        /// <summary>TakeOverStream: the send loop ends after the queued writes; the owner writes from now on.</summary>
        HandOver,
    }
}
