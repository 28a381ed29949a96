namespace ActorFs.Actors.TestKit;

/// <summary>
/// Virtual time. Nothing scheduled runs until the test advances the clock; then every item due by the
/// new time runs, in due order, at its own due time. Scheduled tells, timers, receive timeouts, Ask
/// timeouts and the product's own timeouts all go through it, so a 60-second timeout is tested in microseconds.
/// </summary>
public sealed class TestScheduler : IScheduler
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<Item, (TimeSpan Due, long Sequence)> _queue = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private TimeSpan _elapsed;
    private long _sequence;

    public DateTimeOffset Now
    {
        get
        {
            lock (_lock) return _start + _elapsed;
        }
    }

    public TimeSpan MonotonicClock
    {
        get
        {
            lock (_lock) return _elapsed;
        }
    }

    /// <summary>How many scheduled items are waiting (cancelled ones included until their time comes).</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    public ICancelable ScheduleTellOnceCancelable(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        Add(delay, null, () => receiver.Tell(message, sender));

    public ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "A repeating interval must be positive.");
        return Add(initialDelay, interval, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleOnceCancelable(TimeSpan delay, Action action) => Add(delay, null, action);

    /// <summary>Moves the clock forward by <paramref name="by"/>, running everything that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "Virtual time only moves forward.");
        TimeSpan target;
        lock (_lock) target = _elapsed + by;
        RunUntil(target);
    }

    /// <summary>Moves the clock to <paramref name="when"/>, running everything that falls due.</summary>
    public void AdvanceTo(DateTimeOffset when)
    {
        TimeSpan target;
        lock (_lock)
        {
            target = when - _start;
            if (target < _elapsed) throw new ArgumentOutOfRangeException(nameof(when), "Virtual time only moves forward.");
        }
        RunUntil(target);
    }

    private void RunUntil(TimeSpan target)
    {
        while (true)
        {
            Item item;
            lock (_lock)
            {
                if (!_queue.TryPeek(out item!, out var key) || key.Due > target)
                {
                    _elapsed = target;
                    return;
                }
                _queue.Dequeue();
                _elapsed = key.Due;
                if (item.Interval is { } interval && !item.IsCancellationRequested)
                {
                    _queue.Enqueue(item, (key.Due + interval, _sequence++));
                }
            }
            if (!item.IsCancellationRequested) item.Action();
        }
    }

    private Item Add(TimeSpan delay, TimeSpan? interval, Action action)
    {
        var item = new Item(action, interval);
        lock (_lock) _queue.Enqueue(item, (_elapsed + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), _sequence++));
        return item;
    }

    private sealed class Item(Action action, TimeSpan? interval) : ICancelable
    {
        private int _cancelled;

        public Action Action { get; } = action;

        public TimeSpan? Interval { get; } = interval;

        public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

        public void Cancel() => Interlocked.Exchange(ref _cancelled, 1);
    }
}
