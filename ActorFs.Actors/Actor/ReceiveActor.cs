namespace ActorFs.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, declared in its constructor (or inside
/// <see cref="Become(Action)"/>), tried in order. <c>ReceiveAsync</c> handlers suspend the mailbox until
/// their task ends; their continuations run on the actor's turn, so Self, Sender and Context stay valid.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerSet? _configuring;
    private HandlerSet _initial;
    private bool _constructed;

    protected ReceiveActor()
    {
        _initial = new HandlerSet();
        _configuring = _initial;
    }

    protected sealed override bool Receive(object message)
    {
        _constructed = true;
        _configuring = null;
        return _initial.TryHandle(message);
    }

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure).TryHandle);

    /// <summary>Pushes the handlers that <paramref name="configure"/> declares; <c>UnbecomeStacked</c> returns to the previous ones.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure).TryHandle);

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Add(new SyncHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>A handler that reports whether it handled the message; false falls through to the next handler.</summary>
    protected void Receive<T>(Func<T, bool> handler) => Add(new FuncHandler<T>(handler));

    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new AsyncHandler<T>(handler, shouldHandle));

    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) =>
        Add(new AsyncHandler<T>(handler, shouldHandle));

    protected void ReceiveAny(Action<object> handler) => Add(new SyncHandler<object>(handler, null));

    protected void ReceiveAnyAsync(Func<object, Task> handler) => Add(new AsyncHandler<object>(handler, null));

    private HandlerSet Build(Action configure)
    {
        var set = new HandlerSet();
        var previous = _configuring;
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }
        return set;
    }

    private void Add(Handler handler)
    {
        var target = _configuring ?? throw new InvalidOperationException(
            _constructed
                ? "Receive and ReceiveAsync may only be called in the constructor or inside Become(() => ...)."
                : "No handler set is being configured.");
        target.Add(handler);
    }

    private sealed class HandlerSet
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool TryHandle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(message)) return true;
            }
            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            handler(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> handler) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && handler(typed);
    }

    private sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            ActorCell.Current!.RunAsyncReceive(handler, typed);
            return true;
        }
    }
}
