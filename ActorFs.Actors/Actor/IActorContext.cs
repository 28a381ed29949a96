namespace ActorFs.Actors;

/// <summary>A behaviour: returns true when it handled the message.</summary>
public delegate bool Receive(object message);

/// <summary>Creates actors; implemented by the actor system (top-level actors) and by every actor's context (children).</summary>
public interface IActorRefFactory
{
    IActorRef ActorOf(Props props, string? name = null);
}

/// <summary>
/// What an actor may use about itself while it processes a message. Valid only inside the actor's own turn
/// (including continuations of its async receives); anywhere else it throws an exception that says so.
/// </summary>
public interface IActorContext : IActorRefFactory
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed, or dead letters when there is none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    Props Props { get; }

    /// <summary>The child of that name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    IEnumerable<IActorRef> GetChildren();

    /// <summary>Stops a child or this actor, asynchronously: the current message is processed to its end first.</summary>
    void Stop(IActorRef child);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it is already dead).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Like <see cref="Watch"/>, but delivers <paramref name="message"/> instead of <see cref="Terminated"/>.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Stops watching; a <see cref="Terminated"/> already queued for it is not delivered.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Sets (or with null, clears) the idle time after which <see cref="ReceiveTimeout"/> is delivered.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    TimeSpan? ReceiveTimeout { get; }

    void Become(Receive receive);

    void BecomeStacked(Receive receive);

    void UnbecomeStacked();
}

/// <summary>The context as Akka names it for untyped actors.</summary>
public interface IUntypedActorContext : IActorContext;
