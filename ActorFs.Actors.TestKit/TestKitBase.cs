using System.Collections.Concurrent;
using Xunit.Sdk;

namespace ActorFs.Actors.TestKit;

/// <summary>
/// The framework-independent core of the TestKit: an actor system, a test actor whose messages the test
/// inspects, and expectations with deadlines (never sleeps). Split by assertion family: Expect, Receive,
/// Within and AwaitConditions live in their own partial files.
/// </summary>
public abstract partial class TestKitBase
{
    private static long _probeCounter;
    private readonly BlockingCollection<Envelope> _queue = [];
    private DateTimeOffset? _end;
    private Envelope _last;

    protected TestKitBase(ActorSystem system, string testActorName)
    {
        ArgumentNullException.ThrowIfNull(system);
        Sys = system;
        var queue = _queue;
        var impl = (ActorSystemImpl)system;
        TestActor = impl.SystemActorOf(Props.Create(() => new TestActor(queue)), $"{testActorName}-{Interlocked.Increment(ref _probeCounter)}");
    }

    public ActorSystem Sys { get; }

    /// <summary>The actor whose received messages the expectations read; also the implicit sender of Tells from the test.</summary>
    public IActorRef TestActor { get; }

    /// <summary>The sender of the last message received by an expectation.</summary>
    public IActorRef LastSender => _last.Sender ?? Sys.DeadLetters;

    /// <summary>The system's virtual-time scheduler; fails clearly when the system runs on wall-clock time.</summary>
    public TestScheduler Scheduler => Sys.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("This actor system runs on wall-clock time; create it with TestKit.VirtualTime settings to advance time.");

    /// <summary>How long an expectation waits when given no duration (and not inside Within).</summary>
    public TimeSpan SingleExpectDefault { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long ExpectNoMsg waits when given no duration.</summary>
    public TimeSpan NoMessageDefault { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A new probe in the same system: an independent test actor with the same expectations.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, name ?? "testProbe");

    /// <summary>Makes the test actor watch <paramref name="actor"/>, so ExpectTerminated can see it stop.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.WatchCommand(actor), null);
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.UnwatchCommand(actor), null);
        return actor;
    }

    /// <summary>Takes the next message within <paramref name="max"/>, or null when none came.</summary>
    public object? ReceiveOne(TimeSpan? max = null)
    {
        var envelope = TryReceive(RemainingOrDilated(max));
        return envelope?.Message;
    }

    private Envelope? TryReceive(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero) timeout = TimeSpan.Zero;
        if (!_queue.TryTake(out var envelope, timeout)) return null;
        _last = envelope;
        return envelope;
    }

    /// <summary>True when a message is already waiting.</summary>
    public bool HasMessages => _queue.Count > 0;

    protected static void Fail(string message) => throw new XunitException(message);

    private TimeSpan RemainingOrDilated(TimeSpan? duration)
    {
        if (duration is { } d && d != Timeout.InfiniteTimeSpan) return d;
        return _end is { } end ? end - DateTimeOffset.UtcNow : SingleExpectDefault;
    }
}
