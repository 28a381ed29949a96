namespace ActorFs.Actors;

/// <summary>
/// The base of every actor. Instances are made only by the kernel, from <see cref="Props"/>, inside the
/// actor's own turn; the hooks below are called on the actor's turn, never concurrently.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Current ?? throw new ActorInitializationException(
            $"{GetType().Name} was constructed directly. Actors are created with ActorOf(Props.Create(() => new {GetType().Name}(...))).");
    }

    /// <summary>This actor's context; throws when used outside the actor's turn (e.g. after a ConfigureAwait(false)).</summary>
    protected IUntypedActorContext Context
    {
        get
        {
            var current = ActorCell.Current;
            if (current is null || !ReferenceEquals(current, _cell))
            {
                throw new NotSupportedException(
                    $"There is no active actor context for {_cell.Self.Path} on this thread. Context, Self and Sender can only be used " +
                    "inside the actor's receive and its async continuations (not after ConfigureAwait(false), in a Task.Run or a timer callback); " +
                    "capture Self into a local first and pipe results back with PipeTo.");
            }
            return current;
        }
    }

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => Context.Sender;

    internal ActorCell Cell => _cell;

    /// <summary>Handles one message; returns false when it did not.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Called for messages no behaviour handled: publishes them as <see cref="UnhandledMessage"/>; an unhandled <see cref="Terminated"/> is a death pact.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.PublishUnhandled(message);
    }

    protected virtual void PreStart() { }

    protected virtual void PostStop() { }

    /// <summary>Before a restart: by default unwatches and stops all children, then calls <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>On the new instance after a restart: by default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy for this actor's children, unless its Props set one.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    protected void Become(Receive receive) => Context.Become(receive);

    protected void BecomeStacked(Receive receive) => Context.BecomeStacked(receive);

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal bool AroundReceive(object message) => Receive(message);

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy SupervisorStrategyInternal => SupervisorStrategy();
}

/// <summary>An actor with one receive method; call <c>Unhandled</c> for messages it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);

    /// <summary>Switches to another receive method (replacing the current one).</summary>
    protected void Become(Action<object> receive) => Context.Become(m => { receive(m); return true; });

    protected void BecomeStacked(Action<object> receive) => Context.BecomeStacked(m => { receive(m); return true; });

    protected new void Unhandled(object message) => base.Unhandled(message);
}
