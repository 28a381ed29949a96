using System.Collections.Concurrent;
using ActorFs.Actors;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorFs.Tests.Actors;

/// <summary>A Serilog sink that keeps every event in memory, for specs that read what the kernel logged.</summary>
public sealed class InMemorySink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>A logger writing every level to this sink.</summary>
    public ILogger CreateLogger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public static string? StringProperty(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string s } ? s : null;
}

/// <summary>Sends every message it receives to a target, keeping the sender.</summary>
public sealed class Forwarder : ReceiveActor
{
    public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
}

/// <summary>A parent that makes one child named "child" and answers <see cref="GetChild"/> with it; other messages go to the child.</summary>
public sealed class Parent : ReceiveActor
{
    public const string GetChild = "get-child";

    public Parent(Props childProps)
    {
        var child = Context.ActorOf(childProps, "child");
        Receive<string>(s => s == GetChild, _ => Sender.Tell(child));
        ReceiveAny(m => child.Forward(m));
    }
}

/// <summary>Tells a probe about each incarnation and hook, throws on "fail" and on exceptions it receives, and answers "state" with its counter.</summary>
public sealed class Worker : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public Worker(IActorRef probe, string name = "worker")
    {
        _probe = probe;
        probe.Tell($"{name}-created");
        Receive<Exception>(e => throw e);
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
        Receive<string>(s => s == "state", _ => Sender.Tell(_count));
        Receive<string>(_ => _count++);
    }

    protected override void PreStart() => _probe.Tell("pre-start");

    protected override void PostStop() => _probe.Tell("post-stop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new PreRestarted(reason, message));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new PostRestarted(reason));
        base.PostRestart(reason);
    }

    public sealed record PreRestarted(Exception Reason, object? Message);

    public sealed record PostRestarted(Exception Reason);
}

public static class SpecExtensions
{
    /// <summary>Blocks (with a deadline) for a parent's child "child".</summary>
    public static IActorRef ChildOf(this IActorRef parent) =>
        parent.Ask<IActorRef>(Parent.GetChild, TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
}
