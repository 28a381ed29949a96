namespace ActorFs.Actors;

/// <summary>One phase of coordinated shutdown: what must run before it, and how long its tasks may take.</summary>
public sealed record ShutdownPhase(IReadOnlyList<string> DependsOn, TimeSpan? Timeout = null, bool Recover = true, bool Enabled = true);

/// <summary>The phases and timeouts of coordinated shutdown.</summary>
public sealed record CoordinatedShutdownSettings
{
    public static readonly CoordinatedShutdownSettings Default = new();

    public TimeSpan DefaultPhaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether <see cref="ActorSystem.Terminate"/> runs the phases (as Akka's run-by-actor-system-terminate).</summary>
    public bool RunByActorSystemTerminate { get; init; } = true;

    public IReadOnlyDictionary<string, ShutdownPhase> Phases { get; init; } = new Dictionary<string, ShutdownPhase>
    {
        [CoordinatedShutdown.PhaseBeforeServiceUnbind] = new([]),
        [CoordinatedShutdown.PhaseServiceUnbind] = new([CoordinatedShutdown.PhaseBeforeServiceUnbind]),
        [CoordinatedShutdown.PhaseServiceRequestsDone] = new([CoordinatedShutdown.PhaseServiceUnbind]),
        [CoordinatedShutdown.PhaseServiceStop] = new([CoordinatedShutdown.PhaseServiceRequestsDone]),
        [CoordinatedShutdown.PhaseBeforeActorSystemTerminate] = new([CoordinatedShutdown.PhaseServiceStop]),
        [CoordinatedShutdown.PhaseActorSystemTerminate] = new([CoordinatedShutdown.PhaseBeforeActorSystemTerminate], TimeSpan.FromSeconds(10), Recover: false),
    };

    public TimeSpan TimeoutOf(string phase) =>
        Phases.TryGetValue(phase, out var p) && p.Timeout is { } t ? t : DefaultPhaseTimeout;

    public TimeSpan TotalTimeout => Phases.Keys.Aggregate(TimeSpan.Zero, (sum, phase) => sum + TimeoutOf(phase));
}

/// <summary>
/// Stops a system in ordered phases, as Akka's CoordinatedShutdown: services stop accepting
/// (service-unbind), finish what is running (service-requests-done), stop (service-stop), then the
/// actor system terminates. Tasks in one phase run concurrently; a phase ends when they all end or
/// its timeout passes, and the next phase starts. Running it twice returns the first run.
/// </summary>
public sealed class CoordinatedShutdown
{
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    private readonly ActorSystem _system;
    private readonly CoordinatedShutdownSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(string Name, Func<Task<Done>> Run)>> _tasks = new(StringComparer.Ordinal);
    private Task<Done>? _run;

    private CoordinatedShutdown(ActorSystem system)
    {
        _system = system;
        _settings = system.Settings.CoordinatedShutdown;
        OrderedPhases = TopologicalOrder(_settings.Phases);
    }

    public static CoordinatedShutdown Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension(static s => new CoordinatedShutdown(s));
    }

    /// <summary>The phases in the order they run.</summary>
    public IReadOnlyList<string> OrderedPhases { get; }

    /// <summary>Why shutdown was started, once it has been.</summary>
    public Reason? ShutdownReason { get; private set; }

    public TimeSpan Timeout(string phase) => _settings.TimeoutOf(phase);

    public TimeSpan TotalTimeout => _settings.TotalTimeout;

    /// <summary>Adds a task to a phase; tasks added after the phase has started do not run.</summary>
    public void AddTask(string phase, string taskName, Func<Task<Done>> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!_settings.Phases.ContainsKey(phase))
        {
            throw new ArgumentException($"Unknown shutdown phase [{phase}]; known phases: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        }
        lock (_lock)
        {
            if (!_tasks.TryGetValue(phase, out var list)) _tasks[phase] = list = [];
            list.Add((taskName, task));
        }
    }

    /// <summary>Starts the shutdown (once); the returned task completes when the last phase has run.</summary>
    public Task<Done> Run(Reason reason, string? fromPhase = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_lock)
        {
            if (_run is not null) return _run;
            ShutdownReason = reason;
            _run = RunPhases(fromPhase);
            return _run;
        }
    }

    private async Task<Done> RunPhases(string? fromPhase)
    {
        await Task.Yield();
        var started = fromPhase is null;
        foreach (var phase in OrderedPhases)
        {
            started |= phase == fromPhase;
            if (!started || !_settings.Phases[phase].Enabled) continue;
            (string Name, Func<Task<Done>> Run)[] tasks;
            lock (_lock) tasks = _tasks.TryGetValue(phase, out var list) ? list.ToArray() : [];
            if (tasks.Length == 0) continue;
            var ok = await RunPhase(phase, tasks).ConfigureAwait(false);
            if (!ok && !_settings.Phases[phase].Recover) break;
        }
        return Done.Instance;
    }

    private async Task<bool> RunPhase(string phase, (string Name, Func<Task<Done>> Run)[] tasks)
    {
        var all = Task.WhenAll(tasks.Select(t => RunTask(phase, t.Name, t.Run)));
        var timeout = Timeout(phase);
        using var cancelTimer = new CancellationTokenSource();
        var timer = _system.Scheduler.Delay(timeout, cancelTimer.Token);
        var first = await Task.WhenAny(all, timer).ConfigureAwait(false);
        await cancelTimer.CancelAsync().ConfigureAwait(false);
        if (first == all) return (await all.ConfigureAwait(false)).All(ok => ok);
        _system.Log.Warning("Coordinated shutdown phase [{Phase}] timed out after {Timeout}", phase, timeout);
        return false;
    }

    private async Task<bool> RunTask(string phase, string name, Func<Task<Done>> run)
    {
        try
        {
            await run().ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            _system.Log.Warning(e, "Coordinated shutdown task [{Task}] in phase [{Phase}] failed", name, phase);
            return false;
        }
    }

    private static string[] TopologicalOrder(IReadOnlyDictionary<string, ShutdownPhase> phases)
    {
        var order = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        void Visit(string phase)
        {
            if (state.TryGetValue(phase, out var done))
            {
                if (!done) throw new ArgumentException($"Shutdown phases form a cycle through [{phase}].");
                return;
            }
            state[phase] = false;
            if (!phases.TryGetValue(phase, out var definition))
            {
                throw new ArgumentException($"Shutdown phase [{phase}] is named in depends-on but not defined.");
            }
            foreach (var dependency in definition.DependsOn) Visit(dependency);
            state[phase] = true;
            order.Add(phase);
        }
        foreach (var phase in phases.Keys.Order(StringComparer.Ordinal)) Visit(phase);
        return [.. order];
    }

    /// <summary>Why a shutdown started.</summary>
    public class Reason
    {
        public override string ToString() => GetType().Name;
    }

    public sealed class UnknownReason : Reason
    {
        public static readonly UnknownReason Instance = new();
    }

    public sealed class ActorSystemTerminateReason : Reason
    {
        public static readonly ActorSystemTerminateReason Instance = new();
    }

    /// <summary>The process is exiting (SIGTERM, Ctrl-C).</summary>
    public sealed class ClrExitReason : Reason
    {
        public static readonly ClrExitReason Instance = new();
    }
}
