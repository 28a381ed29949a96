namespace ActorFs.Actors.IO;

/// <summary>Gives an actor system its TCP manager: <c>system.Tcp().Tell(new Tcp.Bind(...))</c>, as in Akka.IO.</summary>
public static class TcpExtensions
{
    /// <summary>The system's TCP manager, created under <c>/system/IO-TCP</c> on first use.</summary>
    public static IActorRef Tcp(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension(static s => new TcpExt(s)).Manager;
    }

    /// <summary>The settings connections of this system use unless a bind or connect overrides them.</summary>
    public static TcpSettings TcpSettings(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension(static s => new TcpExt(s)).Settings;
    }
}

/// <summary>The kernel extension holding the TCP manager and the default settings.</summary>
public sealed class TcpExt
{
    private readonly Lazy<IActorRef> _manager;

    internal TcpExt(ActorSystem system, TcpSettings? settings = null)
    {
        Settings = (settings ?? IO.TcpSettings.Default).Validate();
        var impl = (ActorSystemImpl)system;
        var defaults = Settings;

        // Lazy: ActorSystem.WithExtension may run its factory twice when two threads race to create the
        // extension (ConcurrentDictionary.GetOrAdd); only the instance that wins is ever asked for its manager.
        _manager = new Lazy<IActorRef>(() => impl.SystemActorOf(Props.Create(() => new TcpManager(defaults)), "IO-TCP"));
    }

    /// <summary>The manager actor; send it Bind and Connect.</summary>
    public IActorRef Manager => _manager.Value;

    public TcpSettings Settings { get; }
}

/// <summary>
/// The thin manager (STYLE item 7): one listener child per <see cref="Tcp.Bind"/>, one connection child per
/// <see cref="Tcp.Connect"/>, nothing else. A failing child is stopped, never restarted: a socket cannot be
/// re-created from its Props.
/// </summary>
internal sealed class TcpManager : ReceiveActor
{
    public TcpManager(TcpSettings defaults)
    {
        Receive<Tcp.Bind>(bind =>
        {
            var commander = Sender;
            var settings = bind.Options?.Settings ?? defaults;
            Context.ActorOf(Props.Create(() => new TcpListener(bind, commander, settings)));
        });
        Receive<Tcp.Connect>(connect =>
        {
            var commander = Sender;
            var settings = connect.Options?.Settings ?? defaults;
            Context.ActorOf(Props.Create(() => new TcpConnection(TcpConnection.Origin.Outgoing(connect, commander), settings)));
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}
