namespace ActorFs.Actors;

/// <summary>A user message with its sender, as queued in a mailbox. A struct so that a Tell allocates nothing.</summary>
public readonly struct Envelope(object message, IActorRef? sender)
{
    public object Message { get; } = message;
    public IActorRef? Sender { get; } = sender;

    public override string ToString() => $"<{Message}> from {Sender?.Path.ToString() ?? "NoSender"}";
}
