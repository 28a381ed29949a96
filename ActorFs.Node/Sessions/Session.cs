using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Transfers;

namespace ActorFs.Node.Sessions;

/// <summary>
/// One client connection on the control port.
/// <code>
///   Open --bye / peer closed / idle / error--> (transfers cancelled, tokens revoked) --> stopped
/// </code>
/// Decodes a stream of JSON values, answers each with exactly one reply written in one write, in order,
/// and owns the session's transfers (its children). Requests are handled one at a time: an async command
/// (hashing a file, issuing a token) holds the next one back, so replies never overtake each other. Writes
/// are acknowledged; a client that sends requests without reading replies is paused (SuspendReading) until
/// it catches up, so a session's memory stays bounded.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed class Session : ReceiveActor
{
    private const int PauseReadingAtPendingWrites = 32;
    private const int ResumeReadingAtPendingWrites = 8;

    private readonly string _id;
    private readonly IActorRef _connection;
    private readonly string _remote;
    private readonly SessionEnvironment _environment;
    private readonly SessionState _state;
    private readonly SessionCommands _commands;
    private readonly JsonFrameDecoder _decoder;
    private readonly Dictionary<string, RunningTransfer> _transfers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ILoggingAdapter _log = null!;
    private int _pendingWrites;
    private bool _readingSuspended;
    private bool _shuttingDown;
    private bool _closing;
    private long _transferCounter;
    private string _endReason = "closed by the node";

    public Session(string id, IActorRef connection, EndPoint remote, SessionEnvironment environment)
    {
        _id = id;
        _connection = connection;
        _remote = remote.ToString() ?? "unknown";
        _environment = environment;
        _state = new SessionState(id, remote is IPEndPoint ip ? ip.Address.ToString() : _remote);
        _commands = new SessionCommands(environment.Store, environment.Commands, _state, environment.Accounts);
        _decoder = new JsonFrameDecoder(environment.Settings.Protocol.MaxFrameBytes);

        ReceiveAsync<Tcp.Received>(OnReceivedAsync);
        Receive<WriteAck>(_ => OnWriteAcknowledged());
        Receive<TransferReport>(OnTransferReport);
        Receive<Terminated>(OnTerminated);
        Receive<Tcp.ConnectionClosed>(closed => End(closed switch
        {
            _ when _closing => _endReason,
            Tcp.PeerClosed => "the client closed the connection",
            Tcp.ErrorClosed error => "connection error: " + error.Cause,
            _ => "the connection closed",
        }));
        Receive<Tcp.CommandFailed>(failed => Abort($"the connection refused {failed.Cmd.GetType().Name}: the client is not reading its replies"));
        Receive<ReceiveTimeout>(_ => OnIdle());
        Receive<NodeShuttingDown>(_ => _shuttingDown = true);
        Receive<CancelAllTransfers>(c => CancelTransfers(c.Reason));
    }

    public static Props Props(string id, IActorRef connection, EndPoint remote, SessionEnvironment environment) =>
        ActorFs.Actors.Props.Create(() => new Session(id, connection, remote, environment));

    /// <summary>A crashing transfer fails that transfer only; the session reports it to the client.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => ActorFs.Actors.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        _log.Info("Session {SessionId} started from {Remote}", _id, _remote);
        Context.Watch(_connection);
        Context.SetReceiveTimeout(_environment.Settings.Protocol.IdleTimeout);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var _ in _transfers) _environment.Transfers.Ended();
        _transfers.Clear();
        _environment.Tokens.Tell(new TokenRegistry.RevokeSession(Self));
        if (!_closing) _connection.Tell(Tcp.Close.Instance);
        _log.Info("Session {SessionId} from {Remote} ended: {Reason}", _id, _remote, _endReason);
    }

    private async Task OnReceivedAsync(Tcp.Received received)
    {
        var data = received.Data;
        while (!data.IsEmpty && !_closing)
        {
            var consumed = _decoder.Decode(data.Span, out var frame);
            var status = frame.Status;
            var error = frame.Error;
            var bytes = status == FrameStatus.Value ? frame.Utf8.ToArray() : null;
            data = data[consumed..];
            switch (status)
            {
                case FrameStatus.NeedMoreData:
                    break;
                case FrameStatus.Value:
                    await ApplyAsync(await _commands.HandleFrameAsync(bytes, _stopping.Token));
                    break;
                default:
                    await ApplyAsync(_commands.HandleBadFrame(status, error));
                    break;
            }
        }
    }

    private async Task ApplyAsync(CommandOutcome outcome)
    {
        switch (outcome)
        {
            case CommandOutcome.Reply reply:
                Write(reply.Bytes);
                break;
            case CommandOutcome.ReplyAndClose last:
                Write(last.Bytes);
                _endReason = "the client said bye";
                CancelTransfers("the session ended");
                _closing = true;
                _connection.Tell(Tcp.Close.Instance);
                break;
            case CommandOutcome.StartTransfer start:
                await StartTransferAsync(start);
                break;
        }
    }

    private async Task StartTransferAsync(CommandOutcome.StartTransfer start)
    {
        if (_shuttingDown)
        {
            Write(start.BuildRefusal(TransferRefusal.ShuttingDown));
            return;
        }
        if (_transfers.Count >= _environment.Settings.Transfer.MaxPerSession)
        {
            Write(start.BuildRefusal(TransferRefusal.TooManyTransfers));
            return;
        }
        var id = $"t-{++_transferCounter}";
        var plan = start.Plan;
        var transfer = Context.ActorOf(Transfer.Props(id, plan, _environment.Store, _environment.Settings.Transfer, _environment.Accounts), "transfer-" + id);
        Context.Watch(transfer);
        TokenRegistry.Issued issued;
        try
        {
            issued = await _environment.Tokens.Ask<TokenRegistry.Issued>(
                new TokenRegistry.Issue(new TransferGrant(Self, transfer, plan.Direction, plan.Path, plan.Size)), TimeSpan.FromSeconds(10));
        }
        catch (AskTimeoutException)
        {
            Context.Unwatch(transfer);
            Context.Stop(transfer);
            Write(start.BuildRefusal(TransferRefusal.Internal));
            return;
        }
        _transfers[id] = new RunningTransfer(transfer, plan);
        _environment.Transfers.Started();
        Write(start.BuildReply(new TransferTicket(id, issued.Token, _environment.AdvertisedHost, _environment.TransferPort, issued.ValidFor)));
    }

    private void OnTransferReport(TransferReport report)
    {
        if (!_transfers.TryGetValue(report.TransferId, out var running)) return;
        switch (report)
        {
            case TransferReport.Progress progress:
                PushEvent(running, id => new V2.Events.Progress(id, report.TransferId, progress.Bytes, progress.Total ?? progress.Bytes));
                break;
            case TransferReport.Verified verified:
                Finish(report.TransferId, running);
                PushEvent(running, id => new V2.Events.Verified(id, report.TransferId, verified.Path, verified.Bytes, verified.Sha256));
                break;
            case TransferReport.Failed failed:
                Finish(report.TransferId, running);
                PushEvent(running, id => new V2.Events.Failed(id, report.TransferId, failed.Status, failed.Error, failed.Message));
                break;
        }
    }

    private void Finish(string transferId, RunningTransfer running)
    {
        _transfers.Remove(transferId);
        Context.Unwatch(running.Actor);
        _environment.Transfers.Ended();
    }

    /// <summary>v2 sessions hear about their transfers; legacy clients have no events.</summary>
    private void PushEvent(RunningTransfer running, Func<long, V2.TransferEvent> create)
    {
        if (_closing || running.Plan.Protocol != ProtocolMode.V2 || running.Plan.RequestId is not { } requestId) return;
        Write(V2ServerMessageEncoder.Encode(create(requestId)));
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_connection))
        {
            End("the connection closed");
            return;
        }
        foreach (var (id, running) in _transfers)
        {
            if (!running.Actor.Equals(terminated.ActorRef)) continue;
            // A transfer that stopped without reporting crashed: it failed, and its staged data is gone with it.
            OnTransferReport(new TransferReport.Failed(id, StatusCode.Internal, ErrorCode.Internal, "The transfer failed in the node."));
            return;
        }
    }

    private void OnIdle()
    {
        if (_closing)
        {
            // Closed for idleness a timeout ago and the connection has still not flushed: the client does not read.
            Abort(_endReason + ", and the connection did not close in time");
            return;
        }
        if (_transfers.Count > 0) return;
        _endReason = $"idle for {_environment.Settings.Protocol.IdleTimeout.TotalMinutes:0.#} min";
        _closing = true;
        // Stopping now would lose what is still queued (a transfer's last event): the connection hears of its
        // handler's death by a system message, ahead of the writes and the Close in its mailbox, and shuts down
        // at once. So the session ends when the connection reports it closed, after flushing.
        _connection.Tell(Tcp.Close.Instance);
    }

    private void CancelTransfers(string reason)
    {
        foreach (var running in _transfers.Values)
        {
            running.Actor.Tell(new CancelTransfer(StatusCode.Unavailable, ErrorCode.ShuttingDown, reason));
        }
    }

    private void Write(ReadOnlyMemory<byte> bytes)
    {
        if (_closing) return;
        _connection.Tell(Tcp.Write.Create(bytes, WriteAck.Instance));
        if (++_pendingWrites >= PauseReadingAtPendingWrites && !_readingSuspended)
        {
            _readingSuspended = true;
            _connection.Tell(Tcp.SuspendReading.Instance);
        }
    }

    private void OnWriteAcknowledged()
    {
        _pendingWrites--;
        if (_readingSuspended && _pendingWrites <= ResumeReadingAtPendingWrites)
        {
            _readingSuspended = false;
            _connection.Tell(Tcp.ResumeReading.Instance);
        }
    }

    private void End(string reason)
    {
        _endReason = reason;
        _closing = true;
        Context.Stop(Self);
    }

    private void Abort(string reason)
    {
        _endReason = reason;
        _closing = true;
        _connection.Tell(Tcp.Abort.Instance);
        Context.Stop(Self);
    }

    private sealed record RunningTransfer(IActorRef Actor, TransferPlan Plan);

    private sealed record WriteAck : Tcp.Event
    {
        public static readonly WriteAck Instance = new();
    }
}

/// <summary>Tells sessions that the node is stopping: no new transfers; running ones may finish within the grace.</summary>
internal sealed class NodeShuttingDown
{
    public static readonly NodeShuttingDown Instance = new();
}

/// <summary>Cancels every running transfer of a session (the grace period ended).</summary>
internal sealed record CancelAllTransfers(string Reason);
