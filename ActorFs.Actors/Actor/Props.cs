namespace ActorFs.Actors;

/// <summary>
/// An immutable recipe for an actor: how to make an instance (run again on every restart), which
/// dispatcher runs it and which strategy supervises its children.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, string? dispatcher, SupervisorStrategy? supervisorStrategy)
    {
        ActorType = actorType;
        _factory = factory;
        Dispatcher = dispatcher;
        SupervisorStrategy = supervisorStrategy;
    }

    public Type ActorType { get; }

    /// <summary>The configured dispatcher id, or null for the default dispatcher.</summary>
    public string? Dispatcher { get; }

    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Props whose factory is called for each new incarnation, e.g. <c>Props.Create(() => new Session(settings))</c>.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null, null);
    }

    public static Props Create<TActor>() where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor(), null, null);

    /// <summary>Props that construct <paramref name="actorType"/> with the given arguments (matched by reflection).</summary>
    public static Props Create(Type actorType, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType} is not an actor type (it does not derive from ActorBase).", nameof(actorType));
        }
        return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType, args)!, null, null);
    }

    /// <summary>Props with an explicit actor type for a factory typed only as <see cref="ActorBase"/>.</summary>
    internal static Props Create(Type actorType, Func<ActorBase> factory)
    {
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType} is not an actor type (it does not derive from ActorBase).", nameof(actorType));
        }
        return new Props(actorType, factory, null, null);
    }

    public Props WithDispatcher(string dispatcher) => new(ActorType, _factory, dispatcher, SupervisorStrategy);

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, Dispatcher, strategy);

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({ActorType.Name})";
}
