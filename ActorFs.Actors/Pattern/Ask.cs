namespace ActorFs.Actors;

/// <summary>Request-reply from outside an actor (or across actors), as Akka's Ask.</summary>
public static class Futures
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply-to reference as sender. The task completes
    /// with the first reply; a <see cref="Status.Failure"/> reply faults it with its cause; no reply within
    /// the timeout (the system's ask-timeout when none is given) faults it with <see cref="AskTimeoutException"/>.
    /// </summary>
    public static Task<T> Ask<T>(this ICanTell recipient, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        if (recipient is IInternalActorRef { IsTerminated: true } dead)
        {
            return Task.FromException<T>(new AskTimeoutException($"Recipient {dead} had already been terminated; {message.GetType().Name} was not sent."));
        }
        var system = SystemOf(recipient);
        var promise = new PromiseActorRef<T>(system, recipient, message, timeout ?? system.Settings.AskTimeout, cancellationToken);
        recipient.Tell(message, promise);
        return promise.Task;
    }

    public static Task<object> Ask(this ICanTell recipient, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        recipient.Ask<object>(message, timeout, cancellationToken);

    private static ActorSystemImpl SystemOf(ICanTell recipient) => recipient switch
    {
        LocalActorRef local => local.Cell.SystemImpl,
        IPromiseRef promise => promise.System,
        _ => ActorCell.Current?.SystemImpl
             ?? throw new NotSupportedException($"Ask needs a local actor reference to find its actor system; {recipient} is not one."),
    };
}

internal interface IPromiseRef
{
    ActorSystemImpl System { get; }
}

/// <summary>The temporary reference an Ask sends as sender; it completes the task with the first reply.</summary>
internal sealed class PromiseActorRef<T> : ActorRefBase, IInternalActorRef, IPromiseRef
{
    private static long _counter;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ICancelable _timeout;
    private readonly CancellationTokenRegistration _cancellation;

    public PromiseActorRef(ActorSystemImpl system, ICanTell recipient, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        System = system;
        Path = ActorPath.Root(system.Name).Child("temp").Child("$" + Interlocked.Increment(ref _counter));
        _timeout = system.Scheduler.ScheduleOnceCancelable(timeout, () => _completion.TrySetException(new AskTimeoutException(
            $"Ask timed out on {recipient} after {timeout.TotalMilliseconds} ms. Message of type [{message.GetType().Name}] got no reply.")));
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
        }
        _completion.Task.ContinueWith(static (_, state) => ((PromiseActorRef<T>)state!).Cleanup(), this, TaskScheduler.Default);
    }

    public ActorSystemImpl System { get; }

    public Task<T> Task => _completion.Task;

    public override ActorPath Path { get; }

    public IInternalActorRef? Parent => null;

    public bool IsTerminated => _completion.Task.IsCompleted;

    public override void Tell(object message, IActorRef? sender)
    {
        switch (message)
        {
            case Status.Failure failure:
                _completion.TrySetException(failure.Cause);
                break;
            case T reply:
                _completion.TrySetResult(reply);
                break;
            default:
                _completion.TrySetException(new InvalidCastException(
                    $"Ask expected a reply of type {typeof(T).Name} but received {message.GetType().Name}: {message}"));
                break;
        }
    }

    public void SendSystemMessage(SystemMessage message) => DeadActorSystemMessages.Handle(this, message);

    public void Stop() => _completion.TrySetCanceled();

    private void Cleanup()
    {
        _timeout.Cancel();
        _cancellation.Dispose();
    }
}
