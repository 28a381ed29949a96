using System.Runtime.ExceptionServices;

namespace ActorFs.Actors;

/// <summary>
/// Lifecycle messages, processed before any user message. Each carries an intrusive link so that the
/// mailbox can queue them without allocating nodes.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}

internal sealed class Create : SystemMessage;

internal sealed class Terminate : SystemMessage;

internal sealed class Suspend : SystemMessage;

internal sealed class Resume(Exception? causedByFailure) : SystemMessage
{
    public Exception? CausedByFailure { get; } = causedByFailure;
}

internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

internal sealed class Failed(IActorRef child, Exception cause, long uid) : SystemMessage
{
    public IActorRef Child { get; } = child;
    public Exception Cause { get; } = cause;
    public long Uid { get; } = uid;
}

internal sealed class Watch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;
    public IInternalActorRef Watcher { get; } = watcher;
}

internal sealed class Unwatch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;
    public IInternalActorRef Watcher { get; } = watcher;
}

internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}

/// <summary>A continuation of an async receive, to run inside the actor's turn.</summary>
internal sealed class RunContinuation(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;
    public object? State { get; } = state;
}

/// <summary>The task of an async receive ended: resume user messages, or fail if it faulted.</summary>
internal sealed class AsyncReceiveCompleted(Task task) : SystemMessage
{
    public Task Task { get; } = task;

    public ExceptionDispatchInfo? Failure => Task.IsFaulted
        ? ExceptionDispatchInfo.Capture(Task.Exception!.InnerExceptions.Count == 1 ? Task.Exception.InnerException! : Task.Exception)
        : Task.IsCanceled ? ExceptionDispatchInfo.Capture(new TaskCanceledException(Task)) : null;
}
