using Microsoft.Extensions.DependencyInjection;

namespace ActorFs.Actors.Hosting;

/// <summary>Makes Props whose actors take constructor dependencies from the service provider.</summary>
public interface IDependencyResolver
{
    /// <summary>
    /// Props for <typeparamref name="TActor"/>: each incarnation (including after a restart) is constructed with
    /// <paramref name="args"/> first and the remaining constructor parameters resolved from the service provider.
    /// </summary>
    Props Props<TActor>(params object[] args) where TActor : ActorBase;

    Props Props(Type actorType, params object[] args);
}

/// <summary>Akka.DependencyInjection's entry point: <c>DependencyResolver.For(system).Props&lt;T&gt;()</c>.</summary>
public sealed class DependencyResolver : IDependencyResolver
{
    private readonly IServiceProvider _services;

    public DependencyResolver(IServiceProvider services) => _services = services;

    /// <summary>The resolver of a system started by the host (<see cref="ServiceCollectionExtensions.AddActorSystem"/>).</summary>
    public static IDependencyResolver For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<IDependencyResolver>(static s => throw new InvalidOperationException(
            $"Actor system {s.Name} was not started through AddActorSystem, so it has no service provider to resolve from."));
    }

    public Props Props<TActor>(params object[] args) where TActor : ActorBase =>
        ActorFs.Actors.Props.Create(() => ActivatorUtilities.CreateInstance<TActor>(_services, args));

    public Props Props(Type actorType, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        return ActorFs.Actors.Props.Create(actorType, () => (ActorBase)ActivatorUtilities.CreateInstance(_services, actorType, args));
    }
}
