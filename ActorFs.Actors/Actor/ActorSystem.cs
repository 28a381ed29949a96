using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ActorFs.Actors;

/// <summary>
/// A hierarchy of actors sharing a scheduler, an event stream, dead letters and settings. Top-level
/// actors made with <see cref="ActorOf"/> live under <c>/user</c>; the kernel's own under <c>/system</c>.
/// </summary>
public abstract partial class ActorSystem : IActorRefFactory, IDisposable
{
    private readonly ConcurrentDictionary<Type, Lazy<object>> _extensions = new();

    public abstract string Name { get; }

    public abstract ActorSystemSettings Settings { get; }

    public abstract IScheduler Scheduler { get; }

    public abstract EventStream EventStream { get; }

    public abstract IActorRef DeadLetters { get; }

    public abstract ILoggingAdapter Log { get; }

    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;

    public TimeSpan Uptime => DateTimeOffset.UtcNow - StartTime;

    /// <summary>Completes once every actor has stopped and the system is shut down.</summary>
    public abstract Task WhenTerminated { get; }

    public static ActorSystem Create(string name) => Create(name, ActorSystemSettings.Default);

    /// <summary>Creates a system configured by HOCON (<c>actorfs.actor.*</c> and friends), as Akka's <c>ActorSystem.Create(name, config)</c>.</summary>
    public static ActorSystem Create(string name, Configuration.Config config) => Create(name, ActorSystemSettings.FromConfig(config));

    public static ActorSystem Create(string name, ActorSystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ValidSystemName().IsMatch(name))
        {
            throw new ArgumentException($"Invalid actor system name [{name}]: it must start with a letter or digit and hold only letters, digits, '-' and '_'.", nameof(name));
        }
        return new ActorSystemImpl(name, settings);
    }

    public abstract IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops an actor asynchronously; use its <see cref="Terminated"/> (or a watch) to know when it is gone.</summary>
    public abstract void Stop(IActorRef actor);

    /// <summary>Runs <see cref="CoordinatedShutdown"/> (which ends by stopping every actor) and returns <see cref="WhenTerminated"/>.</summary>
    public abstract Task Terminate();

    /// <summary>The single instance of an extension for this system, created once on first use (even when first uses race).</summary>
    public T WithExtension<T>(Func<ActorSystem, T> create) where T : class =>
        (T)_extensions.GetOrAdd(typeof(T), static (_, state) => new Lazy<object>(() => state.create(state.system)), (create, system: this)).Value;

    public void Dispose()
    {
        Terminate().Wait(Settings.CoordinatedShutdown.TotalTimeout + TimeSpan.FromSeconds(5));
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"akka://{Name}";

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]*$")]
    private static partial Regex ValidSystemName();
}
