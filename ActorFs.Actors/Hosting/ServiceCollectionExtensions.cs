using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorFs.Actors.Hosting;

/// <summary>Registers an actor system with the generic host, as Akka.Hosting's AddAkka does.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds an actor system named <paramref name="name"/>: the system, the <see cref="ActorRegistry"/>,
    /// <see cref="IRequiredActor{TKey}"/> and a dependency resolver become services, and the system starts and
    /// stops with the host.
    /// </summary>
    public static IServiceCollection AddActorSystem(this IServiceCollection services, string name, Action<ActorSystemBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(provider =>
        {
            var builder = new ActorSystemBuilder(name);
            configure(builder, provider);
            return builder;
        });
        services.AddSingleton<ActorRegistry>();
        services.AddSingleton<IActorRegistry>(p => p.GetRequiredService<ActorRegistry>());
        services.AddSingleton<IReadOnlyActorRegistry>(p => p.GetRequiredService<ActorRegistry>());
        services.AddSingleton(typeof(IRequiredActor<>), typeof(RequiredActor<>));
        services.AddSingleton<IDependencyResolver>(p => new DependencyResolver(p));
        services.AddSingleton(provider =>
        {
            var builder = provider.GetRequiredService<ActorSystemBuilder>();
            var system = ActorSystem.Create(name, builder.BuildSettings());
            var resolver = provider.GetRequiredService<IDependencyResolver>();
            system.WithExtension(_ => resolver);
            return system;
        });
        services.AddHostedService<ActorSystemHostedService>();
        return services;
    }
}
