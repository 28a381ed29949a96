using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Node.Actors;

namespace ActorFs.Node.Sessions;

/// <summary>
/// Binds the control port and gives each connection its own <see cref="Session"/>; nothing else (a thin
/// listener). A session that crashes is stopped: that one client is disconnected, nobody else notices.
/// </summary>
internal sealed class ControlListener : ReceiveActor
{
    private readonly SessionEnvironment _environment;
    private readonly int _maxSessions;
    private IActorRef? _listener;
    private int _sessions;
    private long _counter;
    private ILoggingAdapter _log = null!;

    public ControlListener(EndPoint endpoint, TcpOptions options, SessionEnvironment environment, int maxSessions)
    {
        _environment = environment;
        _maxSessions = maxSessions;
        Context.System.Tcp().Tell(new Tcp.Bind(Self, endpoint, Options: options));
        Receive<Tcp.Bound>(bound =>
        {
            _listener = Sender;
            Context.Parent.Tell(new ListenerBound(ListenerRole.Control, bound.LocalAddress));
        });
        Receive<Tcp.CommandFailed>(failed => failed.Cmd is Tcp.Bind,
            failed => Context.Parent.Tell(new ListenerBindFailed(ListenerRole.Control, endpoint, failed.Cause)));
        Receive<Tcp.Connected>(OnConnected);
        Receive<Terminated>(_ => _sessions--);
        Receive<UnbindListener>(_ => Unbind());
        Receive<Tcp.Unbound>(_ => Context.Parent.Tell(new ListenerUnbound(ListenerRole.Control)));
        Receive<NodeShuttingDown>(message => Broadcast(message));
        Receive<CancelAllTransfers>(message => Broadcast(message));
    }

    public static Props Props(EndPoint endpoint, TcpOptions options, SessionEnvironment environment, int maxSessions) =>
        ActorFs.Actors.Props.Create(() => new ControlListener(endpoint, options, environment, maxSessions));

    protected override void PreStart() => _log = Context.GetLogger();

    protected override SupervisorStrategy SupervisorStrategy() => ActorFs.Actors.SupervisorStrategy.StoppingStrategy;

    private void OnConnected(Tcp.Connected connected)
    {
        var connection = Sender;
        if (_sessions >= _maxSessions)
        {
            _log.Warning("Refused a connection from {Remote}: {Max} sessions are already open", connected.RemoteAddress, _maxSessions);
            connection.Tell(Tcp.Abort.Instance);
            return;
        }
        var id = $"s-{++_counter}";
        var session = Context.ActorOf(Session.Props(id, connection, connected.RemoteAddress, _environment), "session-" + _counter);
        Context.Watch(session);
        _sessions++;
        connection.Tell(new Tcp.Register(session));
    }

    private void Broadcast(object message)
    {
        foreach (var session in Context.GetChildren()) session.Tell(message);
    }

    private void Unbind()
    {
        if (_listener is null) Context.Parent.Tell(new ListenerUnbound(ListenerRole.Control));
        else _listener.Tell(Tcp.Unbind.Instance);
    }
}
