using ActorFs.Actors.Configuration;

namespace ActorFs.Actors;

public sealed partial record ActorSystemSettings
{
    /// <summary>The configuration the settings were read from (empty when built in code); extensions read their own keys here.</summary>
    public Config Config { get; init; } = ConfigurationFactory.Empty;

    /// <summary>
    /// Reads the kernel's settings, Akka-style, from <c>actorfs.actor.*</c>, <c>actorfs.scheduler.implementation</c>
    /// and <c>actorfs.coordinated-shutdown.*</c>; missing keys keep their defaults.
    /// </summary>
    public static ActorSystemSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var actor = config.GetConfig("actorfs.actor");
        var defaults = Default;
        var dispatchers = new Dictionary<string, int>(StringComparer.Ordinal);
        var dispatcherConfig = actor.GetConfig("dispatchers");
        foreach (var id in dispatcherConfig.Root.Keys)
        {
            dispatchers[id] = dispatcherConfig.GetInt(id + ".throughput", actor.GetInt("throughput", defaults.Throughput));
        }
        return defaults with
        {
            Config = config,
            Throughput = actor.GetInt("throughput", defaults.Throughput),
            AskTimeout = actor.GetTimeSpan("ask-timeout", defaults.AskTimeout),
            LogDeadLetters = actor.GetInt("log-dead-letters", defaults.LogDeadLetters),
            LogDeadLettersDuringShutdown = actor.GetBoolean("log-dead-letters-during-shutdown", defaults.LogDeadLettersDuringShutdown),
            Dispatchers = dispatchers,
            SchedulerFactory = SchedulerFrom(config.GetString("actorfs.scheduler.implementation", "")),
            CoordinatedShutdown = CoordinatedShutdownFrom(config.GetConfig("actorfs.coordinated-shutdown"), defaults.CoordinatedShutdown),
        };
    }

    private static Func<IScheduler>? SchedulerFrom(string typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName)) return null;
        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new ConfigException($"actorfs.scheduler.implementation names {typeName}, which cannot be loaded.");
        if (!typeof(IScheduler).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ConfigException($"actorfs.scheduler.implementation names {typeName}, which is not an IScheduler with a parameterless constructor.");
        }
        return () => (IScheduler)Activator.CreateInstance(type)!;
    }

    private static CoordinatedShutdownSettings CoordinatedShutdownFrom(Config section, CoordinatedShutdownSettings defaults)
    {
        if (section.IsEmpty) return defaults;
        var phases = new Dictionary<string, ShutdownPhase>(defaults.Phases);
        var phaseConfig = section.GetConfig("phases");
        foreach (var name in phaseConfig.Root.Keys)
        {
            var phase = phaseConfig.GetConfig(HoconPath.RenderKey(name));
            phases.TryGetValue(name, out var known);
            phases[name] = new ShutdownPhase(
                phase.HasPath("depends-on") ? phase.GetStringList("depends-on") : known?.DependsOn ?? [],
                phase.HasPath("timeout") ? phase.GetTimeSpan("timeout") : known?.Timeout,
                phase.GetBoolean("recover", known?.Recover ?? true),
                phase.GetBoolean("enabled", known?.Enabled ?? true));
        }
        return defaults with
        {
            DefaultPhaseTimeout = section.GetTimeSpan("default-phase-timeout", defaults.DefaultPhaseTimeout),
            RunByActorSystemTerminate = section.GetBoolean("run-by-actor-system-terminate", defaults.RunByActorSystemTerminate),
            Phases = phases,
        };
    }
}
