namespace ActorFs.Actors;

/// <summary>Anything a message can be sent to.</summary>
public interface ICanTell
{
    /// <summary>Sends <paramref name="message"/> asynchronously; never blocks, never throws for a dead target.</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>An immutable, shareable handle to an actor. Equal handles name the same actor incarnation.</summary>
public interface IActorRef : ICanTell, IEquatable<IActorRef>, IComparable<IActorRef>
{
    ActorPath Path { get; }
}

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>The sender of messages sent from outside any actor: replies go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>Stands for "no actor" where a reference is required, e.g. <c>Context.Child</c> of an unknown name.</summary>
    public static readonly IActorRef Nobody = Actors.Nobody.Instance;
}

/// <summary>Convenience forms of Tell and Forward.</summary>
public static class ActorRefExtensions
{
    /// <summary>Tells with the implicit sender: the current actor inside a receive, else the TestKit's test actor, else no sender.</summary>
    public static void Tell(this ICanTell receiver, object message) => receiver.Tell(message, ImplicitSender.Current);

    /// <summary>Passes the message on keeping the original sender, as Akka's Forward does.</summary>
    public static void Forward(this ICanTell receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new NotSupportedException("Forward can only be used inside an actor's receive.");
        receiver.Tell(message, cell.Sender);
    }

    /// <summary>True when the reference is null or <see cref="ActorRefs.Nobody"/>.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || actorRef is Nobody;
}

/// <summary>The sender used by <see cref="ActorRefExtensions.Tell(ICanTell, object)"/> outside actors.</summary>
public static class ImplicitSender
{
    private static readonly AsyncLocal<IActorRef?> Ambient = new();

    /// <summary>The sender implied for a Tell made here: the running actor, else the ambient one, else none.</summary>
    public static IActorRef? Current => ActorCell.Current?.Self ?? Ambient.Value;

    /// <summary>Sets the sender implied for Tells made outside actors on this logical flow (used by the TestKit).</summary>
    public static void SetAmbient(IActorRef? sender) => Ambient.Value = sender;
}
