using System.Diagnostics;

namespace ActorFs.Actors;

/// <summary>
/// The wall-clock scheduler. Each scheduled item is a <see cref="System.Threading.Timer"/>: the runtime keeps
/// them in per-core timer queues, which cost little to create and cancel even when every session re-arms a
/// receive timeout on each message.
/// </summary>
public sealed class DefaultScheduler : IScheduler, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _disposed;

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public TimeSpan MonotonicClock => _clock.Elapsed;

    public ICancelable ScheduleTellOnceCancelable(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender)
        => Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender));

    public ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "A repeating interval must be positive.");
        return Schedule(initialDelay, interval, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleOnceCancelable(TimeSpan delay, Action action) => Schedule(delay, Timeout.InfiniteTimeSpan, action);

    private TimerItem Schedule(TimeSpan delay, TimeSpan period, Action action)
    {
        if (Volatile.Read(ref _disposed) != 0) return TimerItem.Cancelled;
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        return new TimerItem(delay, period, action);
    }

    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    private sealed class TimerItem : ICancelable, IDisposable
    {
        public static readonly TimerItem Cancelled = new();
        private readonly Timer? _timer;
        private readonly Action? _action;
        private readonly bool _repeating;
        private int _cancelled;

        private TimerItem() => _cancelled = 1;

        public TimerItem(TimeSpan delay, TimeSpan period, Action action)
        {
            _action = action;
            _repeating = period != Timeout.InfiniteTimeSpan;
            // The timer must not root itself through its callback before it is assigned.
            _timer = new Timer(static state => ((TimerItem)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, period);
        }

        public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

        private void Fire()
        {
            if (IsCancellationRequested) return;
            if (!_repeating) Cancel();
            _action!();
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 0) _timer?.Dispose();
        }

        public void Dispose() => Cancel();
    }
}
