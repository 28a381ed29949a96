namespace ActorFs.Actors;

/// <summary>A handle to cancel something scheduled.</summary>
public interface ICancelable
{
    bool IsCancellationRequested { get; }

    void Cancel();
}

/// <summary>
/// All time in an actor system goes through its scheduler: scheduled tells, timers, receive timeouts and
/// Ask timeouts. Swapping it for the TestKit's virtual-time scheduler makes every timeout deterministic.
/// </summary>
public interface IScheduler
{
    /// <summary>The scheduler's clock: wall-clock time, or virtual time under test.</summary>
    DateTimeOffset Now { get; }

    /// <summary>A monotonic reading of the scheduler's clock, for measuring durations.</summary>
    TimeSpan MonotonicClock { get; }

    ICancelable ScheduleTellOnceCancelable(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender);

    ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> on the thread pool after <paramref name="delay"/>; keep it short.</summary>
    ICancelable ScheduleOnceCancelable(TimeSpan delay, Action action);
}

/// <summary>Fire-and-forget forms, as Akka's ITellScheduler offers them.</summary>
public static class SchedulerExtensions
{
    public static void ScheduleTellOnce(this IScheduler scheduler, TimeSpan delay, ICanTell receiver, object message, IActorRef? sender)
        => scheduler.ScheduleTellOnceCancelable(delay, receiver, message, sender);

    public static void ScheduleTellRepeatedly(this IScheduler scheduler, TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
        => scheduler.ScheduleTellRepeatedlyCancelable(initialDelay, interval, receiver, message, sender);

    public static void ScheduleOnce(this IScheduler scheduler, TimeSpan delay, Action action)
        => scheduler.ScheduleOnceCancelable(delay, action);

    /// <summary>A task that completes after <paramref name="delay"/> on the scheduler's clock.</summary>
    public static Task Delay(this IScheduler scheduler, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = scheduler.ScheduleOnceCancelable(delay, () => tcs.TrySetResult());
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                handle.Cancel();
                tcs.TrySetCanceled(cancellationToken);
            });
        }
        return tcs.Task;
    }
}

/// <summary>A cancelable flag, usable on its own or as a scheduler handle.</summary>
public sealed class Cancelable : ICancelable
{
    private int _cancelled;
    private readonly Action? _onCancel;

    public Cancelable() { }

    public Cancelable(Action onCancel) => _onCancel = onCancel;

    public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

    public void Cancel()
    {
        if (Interlocked.Exchange(ref _cancelled, 1) == 0) _onCancel?.Invoke();
    }
}
