using System.Runtime.ExceptionServices;

namespace ActorFs.Actors;

/// <summary>
/// Async receive. A handler whose task has not completed suspends the mailbox (no other user message runs,
/// as in Akka) until the task ends. Its continuations are posted back through a synchronization context
/// bound to this incarnation of the actor, and run inside the actor's turn with the original message's
/// sender restored, so Self, Sender and Context stay valid after an await. A restart or stop abandons
/// the pending task: its later continuations are dropped.
/// </summary>
internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _syncContext;
    private Task? _awaitedTask;
    private Envelope _awaitedEnvelope;

    internal void RunAsyncReceive<T>(Func<T, Task> handler, T message)
    {
        var syncContext = _syncContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(syncContext);
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompletedSuccessfully) return;
        if (task.IsCompleted)
        {
            RethrowFailure(new AsyncReceiveCompleted(task));
            return;
        }
        _awaitedTask = task;
        _awaitedEnvelope = _currentEnvelope;
        Mailbox.Suspend();
        task.ContinueWith(static (t, state) => ((ActorCell)state!).PostSystem(new AsyncReceiveCompleted(t)), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void HandleAsyncReceiveCompleted(AsyncReceiveCompleted completed)
    {
        if (!ReferenceEquals(completed.Task, _awaitedTask)) return;
        _awaitedTask = null;
        _currentEnvelope = _awaitedEnvelope;
        _awaitedEnvelope = default;
        Mailbox.Resume();
        RethrowFailure(completed);
    }

    private static void RethrowFailure(AsyncReceiveCompleted completed) => completed.Failure?.Throw();

    private void RunContinuation(RunContinuation continuation)
    {
        if (_syncContext is null || _actor is null) return;
        var previousEnvelope = _currentEnvelope;
        _currentEnvelope = _awaitedEnvelope;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _currentEnvelope = previousEnvelope;
        }
    }

    /// <summary>Forgets a pending async receive (restart or stop): resumes the mailbox it suspended.</summary>
    private void AbandonAsyncReceive()
    {
        if (_awaitedTask is not null)
        {
            _awaitedTask = null;
            _awaitedEnvelope = default;
            Mailbox.Resume();
        }
        ResetAsyncContext();
    }

    private void ResetAsyncContext()
    {
        _syncContext?.Detach();
        _syncContext = null;
    }

    private sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        private volatile bool _detached;

        public void Detach() => _detached = true;

        public override void Post(SendOrPostCallback d, object? state)
        {
            if (!_detached) cell.PostSystem(new RunContinuation(d, state));
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("Synchronous Send to an actor's context would deadlock its turn; use Post.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
