using System.Net;
using System.Net.Sockets;

namespace ActorFs.Actors.IO;

/// <summary>
/// One per <see cref="Tcp.Bind"/>: binds, answers <see cref="Tcp.Bound"/>, and accepts connections one at a
/// time (each accept is a task piped back as a message, so the listener's state is only touched on its turn).
/// Every accepted socket becomes a <see cref="TcpConnection"/> child, which greets the bind handler with
/// <see cref="Tcp.Connected"/>. In pull mode the listener accepts only as many connections as
/// <see cref="Tcp.ResumeAccepting"/> allowed.
/// </summary>
/// <remarks>
/// Phases: Listening -> (Unbind) -> Unbound, draining: the listening socket is closed at once and the
/// listener stops when its last connection has ended, so unbinding never cuts a client off mid-request.
/// The listener stops at once (taking its connections along) when the bind handler stops.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor is not disposed: its cancellation source is disposed in PostStop.")]
internal sealed class TcpListener : ReceiveActor
{
    private readonly Tcp.Bind _bind;
    private readonly IActorRef _commander;
    private readonly TcpSettings _settings;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private int _acceptBudget;
    private bool _accepting;

    public TcpListener(Tcp.Bind bind, IActorRef commander, TcpSettings settings)
    {
        _bind = bind;
        _commander = commander;
        _settings = settings;
        _acceptBudget = bind.PullMode ? 0 : int.MaxValue;
        Become(Listening);
    }

    private void Listening()
    {
        Receive<Accepted>(accepted =>
        {
            _accepting = false;
            var origin = TcpConnection.Origin.Incoming(accepted.Socket, _bind.Handler, _bind.Options);
            Context.ActorOf(Props.Create(() => new TcpConnection(origin, _settings)));
            if (_acceptBudget != int.MaxValue) _acceptBudget--;
            AcceptNext();
        });
        Receive<AcceptFailed>(failed =>
        {
            _accepting = false;
            if (failed.Cause is ObjectDisposedException or OperationCanceledException || _socket is null) return;
            Context.GetLogger().Warning(failed.Cause, "Accept failed on {LocalAddress}; accepting the next connection", _socket?.LocalEndPoint);
            AcceptNext();
        });
        Receive<Tcp.ResumeAccepting>(resume =>
        {
            _acceptBudget = resume.BatchSize <= 0 ? 0 : (int)Math.Min((long)_acceptBudget + resume.BatchSize, int.MaxValue - 1);
            AcceptNext();
        });
        Receive<Tcp.Unbind>(_ =>
        {
            CloseSocket();
            Sender.Tell(Tcp.Unbound.Instance, Self);
            Become(Unbound);
            StopWhenDrained();
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_bind.Handler), _ => Context.Stop(Self));
    }

    private void Unbound()
    {
        Receive<Accepted>(accepted => accepted.Socket.Dispose());
        Receive<AcceptFailed>(_ => { });
        Receive<Tcp.Unbind>(_ => Sender.Tell(Tcp.Unbound.Instance, Self));
        Receive<Tcp.ResumeAccepting>(_ => { });
        Receive<Terminated>(t => t.ActorRef.Equals(_bind.Handler), _ => Context.Stop(Self));
        Receive<Terminated>(_ => StopWhenDrained());
    }

    protected override void PreStart()
    {
        try
        {
            var socket = new Socket(_bind.LocalAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (_bind.LocalAddress.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
                socket.Bind(_bind.LocalAddress);
                socket.Listen(_bind.Backlog);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _socket = socket;
        }
        catch (Exception e) when (e is SocketException or ArgumentException or NotSupportedException)
        {
            _commander.Tell(new Tcp.CommandFailed(_bind, e), Self);
            Context.Stop(Self);
            return;
        }

        Context.Watch(_bind.Handler);
        _commander.Tell(new Tcp.Bound(_socket.LocalEndPoint ?? _bind.LocalAddress), Self);
        AcceptNext();
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        CloseSocket();
        _stop.Dispose();
    }

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;

    private void AcceptNext()
    {
        if (_accepting || _acceptBudget <= 0 || _socket is null) return;
        _accepting = true;
        _socket.AcceptAsync(_stop.Token).AsTask().PipeTo(
            Self,
            success: static socket => new Accepted(socket),
            failure: static cause => new AcceptFailed(cause));
    }

    private void StopWhenDrained()
    {
        var children = Context.GetChildren().ToList();
        if (children.Count == 0)
        {
            Context.Stop(Self);
            return;
        }

        foreach (var child in children) Context.Watch(child);
    }

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Cause) : IDeadLetterSuppression;
}
