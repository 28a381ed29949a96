namespace ActorFs.Actors;

/// <summary>
/// Death watch: who this actor watches, who watches it, and which terminations are queued as
/// <see cref="Terminated"/> messages, with the WatchWith message to deliver instead, if any (so that an
/// Unwatch can still cancel either once queued, as in Akka).
/// All of it is touched only inside this actor's turn, so it needs no locks.
/// </summary>
internal sealed partial class ActorCell
{
    private Dictionary<IActorRef, object?>? _watching;
    private HashSet<IActorRef>? _watchedBy;
    private Dictionary<IActorRef, object?>? _terminationQueued;

    public IActorRef Watch(IActorRef subject) => WatchInternal(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchInternal(subject, message);
    }

    private IActorRef WatchInternal(IActorRef subject, object? customMessage)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Equals(Self)) return subject;
        _watching ??= [];
        if (_watching.TryGetValue(subject, out var existing) && existing is not null && customMessage is not null && !Equals(existing, customMessage))
        {
            throw new InvalidOperationException(
                $"{Self.Path} already watches {subject.Path} with another message; Unwatch it before watching with {customMessage}.");
        }
        var isNew = !_watching.ContainsKey(subject);
        _watching[subject] = customMessage;
        if (isNew && subject is IInternalActorRef target) target.SendSystemMessage(new Watch(target, Self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_watching is not null && _watching.Remove(subject) && subject is IInternalActorRef target)
        {
            target.SendSystemMessage(new Unwatch(target, Self));
        }
        _terminationQueued?.Remove(subject);
        return subject;
    }

    private void AddWatcher(IInternalActorRef watchee, IInternalActorRef watcher)
    {
        if (!watchee.Equals(Self) || watcher.Equals(Self)) return;
        if (_state is LifecycleState.Terminated)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true));
            return;
        }
        (_watchedBy ??= []).Add(watcher);
    }

    private void RemoveWatcher(IInternalActorRef watchee, IInternalActorRef watcher)
    {
        if (watchee.Equals(Self)) _watchedBy?.Remove(watcher);
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching is not null && _watching.Remove(actor, out var customMessage) && _state is not (LifecycleState.Terminating or LifecycleState.Terminated))
        {
            (_terminationQueued ??= [])[actor] = customMessage;
            Self.Tell(new Terminated(actor, notification.ExistenceConfirmed, AddressTerminated: false), actor);
        }
        if (IsOwnChildLocked(actor)) HandleChildTerminated(actor);
    }

    /// <summary>
    /// What to deliver for a queued <see cref="Terminated"/> (the WatchWith message, else the Terminated itself),
    /// or null when it is no longer wanted (unwatched meanwhile, or not from a watch of ours).
    /// </summary>
    private object? TakeQueuedTermination(Terminated terminated) =>
        _terminationQueued is not null && _terminationQueued.Remove(terminated.ActorRef, out var custom) ? custom ?? terminated : null;

    private bool IsOwnChildLocked(IActorRef actor)
    {
        lock (ChildrenSync)
        {
            return IsOwnChild(actor);
        }
    }

    private void TellWatchersWeDied()
    {
        var parent = ParentRef;
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                if (!watcher.Equals(parent)) ((IInternalActorRef)watcher).SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true));
            }
            _watchedBy = null;
        }
        parent?.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true));
    }

    private void UnwatchWatchedActors()
    {
        if (_watching is null) return;
        foreach (var watchee in _watching.Keys)
        {
            if (watchee is IInternalActorRef target) target.SendSystemMessage(new Unwatch(target, Self));
        }
        _watching = null;
        _terminationQueued = null;
    }
}
