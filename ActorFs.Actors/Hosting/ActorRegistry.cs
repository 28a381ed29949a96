using System.Collections.Concurrent;

namespace ActorFs.Actors.Hosting;

/// <summary>Actor references registered under a key type, so services and actors can find each other.</summary>
public interface IReadOnlyActorRegistry
{
    /// <summary>The reference registered under <typeparamref name="TKey"/>; throws <see cref="MissingActorRegistryEntryException"/> when there is none yet.</summary>
    IActorRef Get<TKey>();

    bool TryGet<TKey>(out IActorRef actor);

    /// <summary>Waits until a reference is registered under <typeparamref name="TKey"/>.</summary>
    Task<IActorRef> GetAsync<TKey>(CancellationToken cancellationToken = default);
}

/// <summary>The registry as starters see it: they register what they create.</summary>
public interface IActorRegistry : IReadOnlyActorRegistry
{
    /// <summary>Registers <paramref name="actor"/>; a second registration under the same key throws <see cref="DuplicateActorRegistryException"/>.</summary>
    void Register<TKey>(IActorRef actor);

    /// <summary>Registers unless the key is taken; false when it was.</summary>
    bool TryRegister<TKey>(IActorRef actor);
}

/// <summary>Akka.Hosting's ActorRegistry: one reference per key type, registered once.</summary>
public sealed class ActorRegistry : IActorRegistry
{
    private readonly ConcurrentDictionary<Type, TaskCompletionSource<IActorRef>> _entries = new();

    public void Register<TKey>(IActorRef actor)
    {
        if (!TryRegister<TKey>(actor))
        {
            throw new DuplicateActorRegistryException($"An actor is already registered under {typeof(TKey).Name}: {Get<TKey>()}.");
        }
    }

    public bool TryRegister<TKey>(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Slot(typeof(TKey)).TrySetResult(actor);
    }

    public IActorRef Get<TKey>() => TryGet<TKey>(out var actor)
        ? actor
        : throw new MissingActorRegistryEntryException($"No actor is registered under {typeof(TKey).Name}.");

    public bool TryGet<TKey>(out IActorRef actor)
    {
        if (_entries.TryGetValue(typeof(TKey), out var slot) && slot.Task.IsCompletedSuccessfully)
        {
            actor = slot.Task.Result;
            return true;
        }
        actor = ActorRefs.Nobody;
        return false;
    }

    public Task<IActorRef> GetAsync<TKey>(CancellationToken cancellationToken = default) =>
        Slot(typeof(TKey)).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource<IActorRef> Slot(Type key) =>
        _entries.GetOrAdd(key, static _ => new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class DuplicateActorRegistryException : AkkaException
{
    public DuplicateActorRegistryException() { }
    public DuplicateActorRegistryException(string message) : base(message) { }
    public DuplicateActorRegistryException(string message, Exception? inner) : base(message, inner) { }
}

public sealed class MissingActorRegistryEntryException : AkkaException
{
    public MissingActorRegistryEntryException() { }
    public MissingActorRegistryEntryException(string message) : base(message) { }
    public MissingActorRegistryEntryException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>Injects the actor registered under <typeparamref name="TKey"/> into a service.</summary>
public interface IRequiredActor<TKey>
{
    /// <summary>The registered reference; throws when none is registered yet (use <see cref="GetAsync"/> during start-up).</summary>
    IActorRef ActorRef { get; }

    Task<IActorRef> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class RequiredActor<TKey>(ActorRegistry registry) : IRequiredActor<TKey>
{
    public IActorRef ActorRef => registry.Get<TKey>();

    public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => registry.GetAsync<TKey>(cancellationToken);
}
