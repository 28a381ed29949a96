namespace ActorFs.Actors;

/// <summary>
/// The settings an actor system runs with. Normally bound from HOCON (<c>actorfs.actor.*</c> and friends);
/// tests and embedders may also build them directly.
/// </summary>
public sealed partial record ActorSystemSettings
{
    public static readonly ActorSystemSettings Default = new();

    /// <summary>User messages processed per turn before a mailbox yields its thread.</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Further dispatchers by id, each with its own throughput; all run on the thread pool.</summary>
    public IReadOnlyDictionary<string, int> Dispatchers { get; init; } = new Dictionary<string, int>();

    /// <summary>Used by Ask when no timeout is given. Finite, so a lost reply never leaks a task forever.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many dead letters are logged before the logging stops (0 turns it off).</summary>
    public int LogDeadLetters { get; init; } = 10;

    public bool LogDeadLettersDuringShutdown { get; init; }

    /// <summary>Makes the scheduler; the TestKit supplies its virtual-time scheduler here.</summary>
    public Func<IScheduler>? SchedulerFactory { get; init; }

    /// <summary>The Serilog logger the kernel writes to; the global <c>Serilog.Log.Logger</c> when null.</summary>
    public Serilog.ILogger? Logger { get; init; }

    public CoordinatedShutdownSettings CoordinatedShutdown { get; init; } = CoordinatedShutdownSettings.Default;
}
