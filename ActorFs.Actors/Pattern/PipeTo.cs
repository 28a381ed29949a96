namespace ActorFs.Actors;

/// <summary>Sends a task's outcome to an actor as a message: the usual way to bring async work back into an actor.</summary>
public static class PipeToSupport
{
    /// <summary>On success sends the result (or <paramref name="success"/> of it); on failure a <see cref="Status.Failure"/> (or <paramref name="failure"/> of the cause).</summary>
    public static Task PipeTo<T>(this Task<T> task, ICanTell recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                object? reply = success is null ? t.Result : success(t.Result);
                if (reply is not null) recipient.Tell(reply, sender);
            }
            else
            {
                var cause = Unwrap(t);
                recipient.Tell(failure?.Invoke(cause) ?? new Status.Failure(cause), sender);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>On success sends <paramref name="success"/>'s message, or <see cref="Status.Success"/>; on failure a <see cref="Status.Failure"/>.</summary>
    public static Task PipeTo(this Task task, ICanTell recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) recipient.Tell(success?.Invoke() ?? new Status.Success(null), sender);
            else
            {
                var cause = Unwrap(t);
                recipient.Tell(failure?.Invoke(cause) ?? new Status.Failure(cause), sender);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static Exception Unwrap(Task task) => task.IsCanceled
        ? new TaskCanceledException(task)
        : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
}
