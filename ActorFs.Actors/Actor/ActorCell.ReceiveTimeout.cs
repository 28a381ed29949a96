namespace ActorFs.Actors;

/// <summary>The receive timeout: re-armed after every message that is not <see cref="INotInfluenceReceiveTimeout"/>.</summary>
internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private ICancelable? _pendingReceiveTimeout;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) timeout = null;
        _receiveTimeout = timeout;
        CancelReceiveTimeout();
        RescheduleReceiveTimeout();
    }

    private void CancelReceiveTimeout()
    {
        if (_pendingReceiveTimeout is null) return;
        _pendingReceiveTimeout.Cancel();
        _pendingReceiveTimeout = null;
    }

    private void RescheduleReceiveTimeout()
    {
        if (_receiveTimeout is not { } timeout || _pendingReceiveTimeout is not null || _state != LifecycleState.Running) return;
        _pendingReceiveTimeout = _system.Scheduler.ScheduleTellOnceCancelable(timeout, Self, Actors.ReceiveTimeout.Instance, Self);
    }

    private void ClearReceiveTimeout()
    {
        _receiveTimeout = null;
        CancelReceiveTimeout();
    }
}
