namespace ActorFs.Actors.Hosting;

/// <summary>Starts actors once the system is up: create them, register them, resolve services.</summary>
public delegate void ActorStarter(ActorSystem system, IActorRegistry registry, IDependencyResolver resolver);

/// <summary>An async starter; the host waits for it before the next one runs.</summary>
public delegate Task AsyncActorStarter(ActorSystem system, IActorRegistry registry, IDependencyResolver resolver);

/// <summary>
/// Describes the actor system the host starts, in Akka.Hosting's shape: settings, logging, then starters
/// that run in the order they were added when the host starts.
/// </summary>
public sealed partial class ActorSystemBuilder
{
    private readonly List<AsyncActorStarter> _starters = [];
    private readonly List<Func<ActorSystemSettings, ActorSystemSettings>> _settings = [];

    internal ActorSystemBuilder(string systemName) => SystemName = systemName;

    public string SystemName { get; }

    internal IReadOnlyList<AsyncActorStarter> Starters => _starters;

    /// <summary>Adjusts the kernel settings (applied in the order given, after any HOCON).</summary>
    public ActorSystemBuilder WithSettings(Func<ActorSystemSettings, ActorSystemSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _settings.Add(configure);
        return this;
    }

    /// <summary>Makes the kernel write to <paramref name="logger"/> (the host's Serilog logger, typically).</summary>
    public ActorSystemBuilder WithSerilog(Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return WithSettings(s => s with { Logger = logger });
    }

    public ActorSystemBuilder WithActors(ActorStarter starter)
    {
        ArgumentNullException.ThrowIfNull(starter);
        _starters.Add((system, registry, resolver) =>
        {
            starter(system, registry, resolver);
            return Task.CompletedTask;
        });
        return this;
    }

    public ActorSystemBuilder WithActors(AsyncActorStarter starter)
    {
        ArgumentNullException.ThrowIfNull(starter);
        _starters.Add(starter);
        return this;
    }

    internal ActorSystemSettings BuildSettings()
    {
        var settings = BaseSettings();
        foreach (var configure in _settings) settings = configure(settings);
        return settings;
    }
}
