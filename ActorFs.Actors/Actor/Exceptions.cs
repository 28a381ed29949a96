namespace ActorFs.Actors;

/// <summary>Base of the kernel's own exceptions.</summary>
public class AkkaException : Exception
{
    public AkkaException() { }
    public AkkaException(string message) : base(message) { }
    public AkkaException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An actor's constructor, PreStart or PostRestart threw; the default strategy stops the actor.</summary>
public sealed class ActorInitializationException : AkkaException
{
    public ActorInitializationException() { }
    public ActorInitializationException(string message) : base(message) { }
    public ActorInitializationException(string message, Exception? inner) : base(message, inner) { }
    public ActorInitializationException(IActorRef? actor, string message, Exception? inner) : base(message, inner) => Actor = actor;
    public IActorRef? Actor { get; }
}

/// <summary>Raised in an actor that received <see cref="Kill"/>; the default strategy stops it.</summary>
public sealed class ActorKilledException : AkkaException
{
    public ActorKilledException() : base("Kill") { }
    public ActorKilledException(string message) : base(message) { }
    public ActorKilledException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>Raised when a watched actor's <see cref="Terminated"/> is not handled; the default strategy stops the watcher.</summary>
public sealed class DeathPactException : AkkaException
{
    public DeathPactException() { }
    public DeathPactException(string message) : base(message) { }
    public DeathPactException(string message, Exception? inner) : base(message, inner) { }
    public DeathPactException(IActorRef deadActor) : base($"Monitored actor [{deadActor.Path}] terminated") => DeadActor = deadActor;
    public IActorRef? DeadActor { get; }
}

/// <summary>A name is invalid or already taken among the parent's children.</summary>
public sealed class InvalidActorNameException : AkkaException
{
    public InvalidActorNameException() { }
    public InvalidActorNameException(string message) : base(message) { }
    public InvalidActorNameException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An Ask received no reply within its timeout.</summary>
public sealed class AskTimeoutException : AkkaException
{
    public AskTimeoutException() { }
    public AskTimeoutException(string message) : base(message) { }
    public AskTimeoutException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An actor used its state in a way its lifecycle forbids (e.g. stashing one message twice).</summary>
public sealed class IllegalActorStateException : AkkaException
{
    public IllegalActorStateException() { }
    public IllegalActorStateException(string message) : base(message) { }
    public IllegalActorStateException(string message, Exception? inner) : base(message, inner) { }
}
