using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Node.Actors;

namespace ActorFs.Node.Transfers;

/// <summary>
/// Binds the transfer port and gives each new connection its own <see cref="TransferHandshake"/>; nothing
/// else (a thin listener). A handshake that throws closes that one connection.
/// </summary>
internal sealed class TransferListener : ReceiveActor
{
    private readonly IActorRef _tokens;
    private readonly TimeSpan _handshakeTimeout;
    private IActorRef? _listener;
    private long _counter;

    public TransferListener(EndPoint endpoint, TcpOptions options, IActorRef tokens, TimeSpan handshakeTimeout)
    {
        _tokens = tokens;
        _handshakeTimeout = handshakeTimeout;
        var manager = Context.System.Tcp();
        manager.Tell(new Tcp.Bind(Self, endpoint, Options: options));
        Receive<Tcp.Bound>(bound =>
        {
            _listener = Sender;
            Context.Parent.Tell(new ListenerBound(ListenerRole.Transfer, bound.LocalAddress));
        });
        Receive<Tcp.CommandFailed>(failed => failed.Cmd is Tcp.Bind,
            failed => Context.Parent.Tell(new ListenerBindFailed(ListenerRole.Transfer, endpoint, failed.Cause)));
        Receive<Tcp.Connected>(OnConnected);
        Receive<UnbindListener>(_ => Unbind());
        Receive<Tcp.Unbound>(_ => Context.Parent.Tell(new ListenerUnbound(ListenerRole.Transfer)));
    }

    public static Props Props(EndPoint endpoint, TcpOptions options, IActorRef tokens, TimeSpan handshakeTimeout) =>
        ActorFs.Actors.Props.Create(() => new TransferListener(endpoint, options, tokens, handshakeTimeout));

    protected override SupervisorStrategy SupervisorStrategy() => ActorFs.Actors.SupervisorStrategy.StoppingStrategy;

    private void OnConnected(Tcp.Connected connected)
    {
        var connection = Sender;
        var handshake = Context.ActorOf(TransferHandshake.Props(connection, connected.RemoteAddress, _tokens, _handshakeTimeout), $"handshake-{++_counter}");
        connection.Tell(new Tcp.Register(handshake));
    }

    private void Unbind()
    {
        if (_listener is null) Context.Parent.Tell(new ListenerUnbound(ListenerRole.Transfer));
        else _listener.Tell(Tcp.Unbind.Instance);
    }
}
