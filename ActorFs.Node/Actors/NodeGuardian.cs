using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Node.Access;
using ActorFs.Node.Accounts;
using ActorFs.Node.Commands;
using ActorFs.Node.Sessions;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;
using ActorFs.Node.Transfers;

namespace ActorFs.Node.Actors;

/// <summary>
/// The top of a node (<c>/user/node</c>): starts the token registry, the transfer port (and, when interrupted
/// uploads are kept, their sweeper), then the control port (whose sessions must know the transfer port's actual
/// number), answers when both listen, and drives the shutdown steps it is asked for. See docs/ARCHITECTURE.md for each child's crash policy.
/// </summary>
internal sealed class NodeGuardian : ReceiveActor
{
    private readonly NodeSettings _settings;
    private readonly IFileStore _store;
    private readonly TcpOptions _tcpOptions;
    private readonly CommandSettings _commandSettings;
    private readonly TransferTracker _tracker;
    private readonly AccountsSetup? _accounts;
    private NodeAccess? _access;
    private readonly List<IActorRef> _startWaiters = [];
    private readonly List<IActorRef> _unbindWaiters = [];
    private IActorRef _tokens = ActorRefs.Nobody;
    private IActorRef _transferListener = ActorRefs.Nobody;
    private IActorRef _controlListener = ActorRefs.Nobody;
    private EndPoint? _transferEndpoint;
    private object? _startOutcome;
    private int _unbound;

    public NodeGuardian(NodeSettings settings, IFileStore store, TcpOptions tcpOptions, CommandSettings commandSettings, TransferTracker tracker, AccountsSetup? accounts = null)
    {
        _accounts = accounts;
        _settings = settings;
        _store = store;
        _tcpOptions = tcpOptions;
        _commandSettings = commandSettings;
        _tracker = tracker;
        Receive<ListenerBound>(OnBound);
        Receive<ListenerBindFailed>(OnBindFailed);
        Receive<WaitStarted>(_ => OnWaitStarted());
        Receive<BeginShutdown>(_ => OnBeginShutdown());
        Receive<ListenerUnbound>(_ => OnUnbound());
        Receive<CancelAllTransfers>(cancel => _controlListener.Tell(cancel));
    }

    /// <param name="accounts">The loaded account store; null runs the node without one (every session anonymous, as configured).</param>
    public static Props Props(
        NodeSettings settings, IFileStore store, TcpOptions tcpOptions, CommandSettings commandSettings, TransferTracker tracker, AccountsSetup? accounts = null) =>
        ActorFs.Actors.Props.Create(() => new NodeGuardian(settings, store, tcpOptions, commandSettings, tracker, accounts));

    /// <summary>
    /// Children resume after a failure in a receive: a listener keeps the port it holds (a restart could not
    /// bind it again while the old binding lives) and the token registry keeps the tokens of transfers in
    /// flight. A child that cannot even start fails the node's start.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
        cause is ActorInitializationException ? Directive.Escalate : Directive.Resume);

    protected override void PreStart()
    {
        _tokens = Context.ActorOf(TokenRegistry.Props(_settings.Transfer.TokenTtl), "tokens");
        _access = _accounts is null
            ? NodeAccess.WithoutAccounts(_settings.Anonymous)
            : new NodeAccess(_accounts.Views, _accounts.Ledger, Context.ActorOf(AccountsActor.Props(_accounts), "accounts"));
        _transferListener = Context.ActorOf(
            TransferListener.Props(new IPEndPoint(_settings.BindAddress, _settings.TransferPort), _tcpOptions, _tokens, _settings.Transfer.IdleTimeout),
            "transfer-port");
        if (_settings.Transfer.KeepPartialUploads > TimeSpan.Zero)
        {
            Context.ActorOf(KeptUploadSweeper.Props(_store, _settings.Transfer.KeepPartialUploads), "upload-sweeper");
        }
    }

    private void OnBound(ListenerBound bound)
    {
        if (bound.Role == ListenerRole.Transfer)
        {
            _transferEndpoint = bound.LocalAddress;
            var environment = new SessionEnvironment(_settings, _store, _tokens, _commandSettings, _settings.AdvertisedHost,
                ((IPEndPoint)bound.LocalAddress).Port, _tracker, _access);
            _controlListener = Context.ActorOf(
                ControlListener.Props(new IPEndPoint(_settings.BindAddress, _settings.ControlPort), _tcpOptions, environment, _settings.MaxSessions),
                "control");
            return;
        }
        Complete(new Started(bound.LocalAddress, _transferEndpoint!, _tokens));
    }

    private void OnBindFailed(ListenerBindFailed failed)
    {
        var port = failed.Role == ListenerRole.Control ? "control" : "transfer";
        Complete(new StartFailed($"Cannot listen on {failed.Endpoint} ({port} port): {failed.Cause?.Message ?? "bind refused"}"));
    }

    private void Complete(object outcome)
    {
        _startOutcome = outcome;
        foreach (var waiter in _startWaiters) waiter.Tell(outcome);
        _startWaiters.Clear();
    }

    private void OnWaitStarted()
    {
        if (_startOutcome is { } outcome) Sender.Tell(outcome);
        else _startWaiters.Add(Sender);
    }

    private void OnBeginShutdown()
    {
        _unbindWaiters.Add(Sender);
        if (_unbindWaiters.Count > 1) return;
        _controlListener.Tell(NodeShuttingDown.Instance);
        _controlListener.Tell(UnbindListener.Instance);
        _transferListener.Tell(UnbindListener.Instance);
        if (_controlListener.IsNobody()) OnUnbound();
    }

    private void OnUnbound()
    {
        if (++_unbound < 2 && !_controlListener.IsNobody()) return;
        foreach (var waiter in _unbindWaiters) waiter.Tell(Done.Instance);
    }

    /// <summary>Asks to be told when both ports listen (<see cref="Started"/>) or one cannot (<see cref="StartFailed"/>).</summary>
    public sealed class WaitStarted
    {
        public static readonly WaitStarted Instance = new();
    }

    /// <summary>Both ports listen; <paramref name="Tokens"/> is the token registry, for the host to register as a service.</summary>
    public sealed record Started(EndPoint Control, EndPoint Transfer, IActorRef Tokens);

    public sealed record StartFailed(string Reason);

    /// <summary>Stops accepting on both ports and tells sessions to start no more transfers; answered with Done.</summary>
    public sealed class BeginShutdown
    {
        public static readonly BeginShutdown Instance = new();
    }
}
