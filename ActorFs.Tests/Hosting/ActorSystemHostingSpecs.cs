using ActorFs.Actors;
using ActorFs.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorFs.Tests.Hosting;

public sealed class ActorSystemHostingSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed class Greeter : ReceiveActor
    {
        public Greeter(GreetingService service) => Receive<string>(name => Sender.Tell(service.Greet(name)));
    }

    private sealed class GreetingService
    {
        private readonly string _salutation = "hello";

        public string Greet(string name) => $"{_salutation} {name}";
    }

    private sealed class GreeterKey;

    private static IHost BuildHost(Action<ActorSystemBuilder, IServiceProvider> configure) =>
        Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<GreetingService>();
                services.AddActorSystem("hosted", configure);
            })
            .Build();

    [Fact]
    public async Task A_host_starts_the_actor_system_with_its_registered_actors_and_stops_it()
    {
        using var host = BuildHost((builder, _) => builder.WithActors((system, registry, resolver) =>
            registry.Register<GreeterKey>(system.ActorOf(resolver.Props<Greeter>(), "greeter"))));
        await host.StartAsync().WaitAsync(Deadline);

        var greeter = host.Services.GetRequiredService<IRequiredActor<GreeterKey>>().ActorRef;
        Assert.Equal("hello ada", await greeter.Ask<string>("ada", Deadline));

        var system = host.Services.GetRequiredService<ActorSystem>();
        await host.StopAsync().WaitAsync(Deadline);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Starters_run_in_the_order_they_were_added()
    {
        var order = new List<int>();
        using var host = BuildHost((builder, _) => builder
            .WithActors((_, _, _) => order.Add(1))
            .WithActors(async (_, _, _) =>
            {
                await Task.Yield();
                order.Add(2);
            })
            .WithActors((_, _, _) => order.Add(3)));
        await host.StartAsync().WaitAsync(Deadline);
        await host.StopAsync().WaitAsync(Deadline);
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task A_failing_starter_stops_start_up_with_its_error()
    {
        using var host = BuildHost((builder, _) => builder.WithActors((_, _, _) => throw new InvalidOperationException("no storage")));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(Deadline));
        Assert.Equal("no storage", error.Message);
    }

    [Fact]
    public async Task Stopping_the_host_runs_the_shutdown_phases_in_order()
    {
        var phases = new List<string>();
        using var host = BuildHost((builder, _) => builder.WithActors((system, _, _) =>
        {
            var shutdown = CoordinatedShutdown.Get(system);
            foreach (var phase in new[] { CoordinatedShutdown.PhaseServiceStop, CoordinatedShutdown.PhaseServiceUnbind, CoordinatedShutdown.PhaseServiceRequestsDone })
            {
                shutdown.AddTask(phase, "record-" + phase, () =>
                {
                    lock (phases) phases.Add(phase);
                    return Task.FromResult(Done.Instance);
                });
            }
        }));
        await host.StartAsync().WaitAsync(Deadline);
        await host.StopAsync().WaitAsync(Deadline);
        Assert.Equal([CoordinatedShutdown.PhaseServiceUnbind, CoordinatedShutdown.PhaseServiceRequestsDone, CoordinatedShutdown.PhaseServiceStop], phases);
    }

    [Fact]
    public async Task The_registry_refuses_a_second_actor_under_the_same_key_and_waits_for_a_missing_one()
    {
        using var host = BuildHost((_, _) => { });
        await host.StartAsync().WaitAsync(Deadline);
        var registry = host.Services.GetRequiredService<IActorRegistry>();
        var system = host.Services.GetRequiredService<ActorSystem>();

        var pending = registry.GetAsync<GreeterKey>();
        Assert.False(pending.IsCompleted);
        Assert.Throws<MissingActorRegistryEntryException>(() => registry.Get<GreeterKey>());

        var first = system.ActorOf(Props.Create(() => new Greeter(new GreetingService())));
        registry.Register<GreeterKey>(first);
        Assert.Equal(first, await pending.WaitAsync(Deadline));
        Assert.False(registry.TryRegister<GreeterKey>(system.DeadLetters));
        Assert.Throws<DuplicateActorRegistryException>(() => registry.Register<GreeterKey>(system.DeadLetters));
        await host.StopAsync().WaitAsync(Deadline);
    }

    [Fact]
    public async Task An_actor_system_that_terminates_on_its_own_stops_the_host_with_a_non_zero_exit_code()
    {
        using var host = BuildHost((_, _) => { });
        await host.StartAsync().WaitAsync(Deadline);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        var previousExitCode = Environment.ExitCode;
        try
        {
            await host.Services.GetRequiredService<ActorSystem>().Terminate().WaitAsync(Deadline);
            await stopping.Task.WaitAsync(Deadline);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = previousExitCode;
        }
    }
}
