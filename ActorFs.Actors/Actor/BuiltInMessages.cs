namespace ActorFs.Actors;

/// <summary>Marks messages handled by the actor cell itself before the actor's receive.</summary>
public interface IAutoReceivedMessage;

/// <summary>Messages that do not reset the receive timeout when they arrive.</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Messages whose loss is expected (e.g. a death notice reaching an actor that stopped meanwhile): not logged as dead letters.</summary>
public interface IDeadLetterSuppression;

/// <summary>Stops the receiving actor once the messages queued before it are processed.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    public override string ToString() => "<PoisonPill>";
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>, which its supervisor handles.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();
    private Kill() { }
    public override string ToString() => "<Kill>";
}

/// <summary>Delivered to a watcher once the watched actor has stopped (or was already dead when watched).</summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IAutoReceivedMessage, INotInfluenceReceiveTimeout, IDeadLetterSuppression;

/// <summary>
/// Delivered when no message arrived for the time set with <c>Context.SetReceiveTimeout</c>. As in Akka it
/// counts as a message itself, so the timeout is armed again and keeps firing after each idle period.
/// </summary>
public sealed class ReceiveTimeout : IAutoReceivedMessage
{
    public static readonly ReceiveTimeout Instance = new();
    private ReceiveTimeout() { }
    public override string ToString() => "<ReceiveTimeout>";
}

/// <summary>Asks an actor for its reference; every actor answers with <see cref="ActorIdentity"/>.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Status replies, as Akka's: a failure faults an Ask and is what PipeTo sends on error.</summary>
public static class Status
{
    public sealed record Success(object? Status);

    public sealed record Failure(Exception Cause, object? State = null);
}

/// <summary>A unit value for tasks that complete without a result.</summary>
public sealed class Done
{
    public static readonly Done Instance = new();
    private Done() { }
    public override string ToString() => "Done";
}

/// <summary>A message that could not be delivered; published on the event stream.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message that an actor's behaviour did not handle; published on the event stream.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
