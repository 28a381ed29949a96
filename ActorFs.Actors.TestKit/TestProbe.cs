namespace ActorFs.Actors.TestKit;

/// <summary>
/// An extra test actor with the full set of expectations, standing in for a collaborator (a connection,
/// a parent, a client). Its <see cref="Ref"/> is what the actor under test sends to.
/// </summary>
public sealed class TestProbe : TestKitBase, ICanTell
{
    internal TestProbe(ActorSystem system, string name) : base(system, name) { }

    public IActorRef Ref => TestActor;

    /// <summary>Sends a message to <paramref name="actor"/> with this probe as the sender.</summary>
    public void Send(IActorRef actor, object message) => actor.Tell(message, Ref);

    /// <summary>Answers the sender of the last received message, with this probe as the sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Passes the last received message on to <paramref name="actor"/>, keeping its original sender.</summary>
    public void Forward(IActorRef actor, object message) => actor.Tell(message, LastSender);

    void ICanTell.Tell(object message, IActorRef? sender) => Ref.Tell(message, sender);

    public override string ToString() => $"TestProbe({Ref.Path})";
}
