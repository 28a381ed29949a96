namespace ActorFs.Actors.TestKit;

/// <summary>
/// The xunit binding: each test class instance gets its own actor system (named after the class), the test
/// actor as implicit sender for Tells made by the test, and the system terminated on dispose.
/// </summary>
public abstract class TestKit : TestKitBase, IDisposable
{
    private bool _disposed;

    protected TestKit(ActorSystemSettings? settings = null, string? systemName = null)
        : this(ActorSystem.Create(systemName ?? "test", settings ?? ActorSystemSettings.Default)) { }

    protected TestKit(ActorSystem system) : base(system, "testActor")
    {
        ImplicitSender.SetAmbient(TestActor);
    }

    /// <summary>Settings whose scheduler is a <see cref="TestScheduler"/>, so tests advance time by hand.</summary>
    public static ActorSystemSettings VirtualTime(ActorSystemSettings? settings = null) =>
        (settings ?? ActorSystemSettings.Default) with { SchedulerFactory = static () => new TestScheduler() };

    /// <summary>How long Dispose waits for the actor system to terminate.</summary>
    protected TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        ImplicitSender.SetAmbient(null);
        var terminated = Sys.Terminate();
        // Under virtual time the shutdown phases' timeouts never fire on their own; push the clock past them.
        if (Sys.Scheduler is TestScheduler scheduler && !terminated.Wait(TimeSpan.FromMilliseconds(50)))
        {
            scheduler.Advance(Sys.Settings.CoordinatedShutdown.TotalTimeout);
        }
        if (!terminated.Wait(ShutdownTimeout))
        {
            throw new TimeoutException($"The actor system {Sys.Name} did not terminate within {ShutdownTimeout.TotalSeconds:0} s.");
        }
    }
}
