namespace ActorFs.Actors;

/// <summary>Implemented by actors that use timers; the kernel sets <see cref="Timers"/> before PreStart.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}

/// <summary>
/// Named timers owned by one actor, cancelled when it restarts or stops. Starting a timer under a key that
/// is already in use replaces it, and a message of the replaced timer is never delivered, even if it was
/// already queued.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    IReadOnlyCollection<object> ActiveTimers { get; }

    void Cancel(object key);

    void CancelAll();
}

internal sealed partial class ActorCell
{
    private TimerScheduler? _timers;

    internal void RegisterTimers(TimerScheduler timers) => _timers = timers;

    private void CancelTimers() => _timers?.CancelAll();
}

/// <summary>
/// The message a timer actually sends. Only the scheduler that started it (one per actor incarnation) unwraps
/// it, and only while that timer generation is current: a message queued before a restart or a re-start of
/// the key is dropped.
/// </summary>
internal sealed record TimerMessage(object Key, int Generation, object Message, TimerScheduler Owner) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;

internal sealed class TimerScheduler : ITimerScheduler
{
    private readonly ActorCell _cell;
    private readonly Dictionary<object, Timer> _timers = [];
    private int _generation;

    public TimerScheduler(ActorCell cell)
    {
        _cell = cell;
        cell.RegisterTimers(this);
    }

    public IReadOnlyCollection<object> ActiveTimers => _timers.Keys.ToArray();

    public void StartSingleTimer(object key, object message, TimeSpan timeout) => Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) => Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer)) timer.Handle.Cancel();
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values) timer.Handle.Cancel();
        _timers.Clear();
    }

    /// <summary>Unwraps a timer message if its timer is still current; null when it is stale and must be dropped.</summary>
    internal object? Unwrap(TimerMessage message)
    {
        if (!ReferenceEquals(message.Owner, this)) return null;
        if (!_timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation) return null;
        if (!timer.Periodic) _timers.Remove(message.Key);
        return message.Message;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var wrapped = new TimerMessage(key, ++_generation, message, this);
        var scheduler = _cell.System.Scheduler;
        var handle = interval is { } every
            ? scheduler.ScheduleTellRepeatedlyCancelable(delay, every, _cell.Self, wrapped, _cell.Self)
            : scheduler.ScheduleTellOnceCancelable(delay, _cell.Self, wrapped, _cell.Self);
        _timers[key] = new Timer(wrapped.Generation, interval is not null, handle);
    }

    private sealed record Timer(int Generation, bool Periodic, ICancelable Handle);
}
