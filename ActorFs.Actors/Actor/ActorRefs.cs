namespace ActorFs.Actors;

/// <summary>What the kernel needs of a reference besides sending user messages.</summary>
internal interface IInternalActorRef : IActorRef
{
    IInternalActorRef? Parent { get; }

    bool IsTerminated { get; }

    void SendSystemMessage(SystemMessage message);

    void Stop();
}

/// <summary>Equality, ordering and printing shared by every reference kind.</summary>
public abstract class ActorRefBase : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public bool Equals(IActorRef? other) =>
        other is not null && Path.Uid == other.Path.Uid && Path.Equals(other.Path);

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Path.GetHashCode(), Path.Uid);

    public int CompareTo(IActorRef? other)
    {
        if (other is null) return 1;
        var byPath = Path.CompareTo(other.Path);
        return byPath != 0 ? byPath : Path.Uid.CompareTo(other.Path.Uid);
    }

    public override string ToString() => Path.Uid == 0 ? $"[{Path}]" : $"[{Path}#{Path.Uid}]";
}

/// <summary>The reference of an actor living in this process.</summary>
internal sealed class LocalActorRef : ActorRefBase, IInternalActorRef
{
    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        Cell = cell;
        Path = path;
    }

    internal ActorCell Cell { get; }

    public override ActorPath Path { get; }

    public IInternalActorRef? Parent => Cell.ParentRef;

    public bool IsTerminated => Cell.IsTerminated;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Post(new Envelope(message, sender));
    }

    public void SendSystemMessage(SystemMessage message) => Cell.PostSystem(message);

    public void Stop() => Cell.PostSystem(new Terminate());
}

/// <summary>Where undeliverable messages go: each becomes a <see cref="DeadLetter"/> on the event stream.</summary>
internal sealed class DeadLetterActorRef(ActorPath path, EventStream eventStream) : ActorRefBase, IInternalActorRef
{
    public override ActorPath Path { get; } = path;

    public IInternalActorRef? Parent => null;

    public bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        eventStream.Publish(message as DeadLetter ?? new DeadLetter(message, sender, this));
    }

    public void SendSystemMessage(SystemMessage message) => DeadActorSystemMessages.Handle(this, message);

    public void Stop() { }
}

/// <summary>The "no actor" reference; messages sent to it are dropped.</summary>
internal sealed class Nobody : ActorRefBase, IInternalActorRef
{
    public static readonly Nobody Instance = new();
    private static readonly ActorPath NobodyPath = ActorPath.Root("all-systems").Child("Nobody");

    private Nobody() { }

    public override ActorPath Path => NobodyPath;

    public IInternalActorRef? Parent => null;

    public bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender) { }

    public void SendSystemMessage(SystemMessage message) => DeadActorSystemMessages.Handle(this, message);

    public void Stop() { }
}

/// <summary>How a dead or never-living actor answers system messages: a Watch gets an immediate death notice.</summary>
internal static class DeadActorSystemMessages
{
    public static void Handle(IActorRef self, SystemMessage message)
    {
        if (message is Watch watch && !watch.Watcher.Equals(self))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(self, existenceConfirmed: false));
        }
    }
}
