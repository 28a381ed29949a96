using System.Collections.Concurrent;
using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class CoordinatedShutdownSpecs : TestKit
{
    private static readonly TimeSpan UnbindTimeout = TimeSpan.FromSeconds(2);

    public CoordinatedShutdownSpecs() : base(VirtualTime(ActorSystemSettings.Default with
    {
        CoordinatedShutdown = CoordinatedShutdownSettings.Default with
        {
            Phases = new Dictionary<string, ShutdownPhase>(CoordinatedShutdownSettings.Default.Phases)
            {
                [CoordinatedShutdown.PhaseServiceUnbind] = new([CoordinatedShutdown.PhaseBeforeServiceUnbind], UnbindTimeout),
            },
        },
    })) { }

    private static Func<Task<Done>> Record(ConcurrentQueue<string> log, string entry) => () =>
    {
        log.Enqueue(entry);
        return Task.FromResult(Done.Instance);
    };

    [Fact]
    public void The_phases_are_ordered_by_their_dependencies()
    {
        Assert.Equal(
        [
            CoordinatedShutdown.PhaseBeforeServiceUnbind, CoordinatedShutdown.PhaseServiceUnbind, CoordinatedShutdown.PhaseServiceRequestsDone,
            CoordinatedShutdown.PhaseServiceStop, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, CoordinatedShutdown.PhaseActorSystemTerminate,
        ], CoordinatedShutdown.Get(Sys).OrderedPhases);
    }

    [Fact]
    public async Task Run_runs_the_tasks_phase_by_phase_in_order_and_then_terminates_the_system()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        var log = new ConcurrentQueue<string>();
        foreach (var phase in cs.OrderedPhases.Reverse().Skip(1)) cs.AddTask(phase, $"task-{phase}", Record(log, phase));
        await cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(cs.OrderedPhases.Take(5), log);
        await Sys.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(CoordinatedShutdown.UnknownReason.Instance, cs.ShutdownReason);
    }

    [Fact]
    public async Task A_phase_that_times_out_in_virtual_time_lets_the_next_phase_run()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        var hung = new TaskCompletionSource<Done>();
        cs.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "never-ends", () =>
        {
            TestActor.Tell("unbinding");
            return hung.Task;
        });
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "stop", () =>
        {
            TestActor.Tell("stopping");
            return Task.FromResult(Done.Instance);
        });
        var run = cs.Run(CoordinatedShutdown.UnknownReason.Instance);
        ExpectMsg("unbinding");
        AwaitCondition(() => Scheduler.PendingCount > 0, message: "the phase timeout is scheduled");
        Scheduler.Advance(UnbindTimeout - TimeSpan.FromMilliseconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        // The next phases run through several thread-pool continuations; give them room when the suite runs in parallel.
        ExpectMsg("stopping", TimeSpan.FromSeconds(10));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Terminate_runs_coordinated_shutdown()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "mark", () =>
        {
            ran.TrySetResult();
            return Task.FromResult(Done.Instance);
        });
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ran.Task.IsCompleted);
        Assert.IsType<CoordinatedShutdown.ActorSystemTerminateReason>(cs.ShutdownReason);
    }

    [Fact]
    public async Task Running_twice_returns_the_same_task_and_runs_the_tasks_once()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        var log = new ConcurrentQueue<string>();
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "once", Record(log, "ran"));
        var first = cs.Run(CoordinatedShutdown.UnknownReason.Instance);
        var second = cs.Run(CoordinatedShutdown.ClrExitReason.Instance);
        Assert.Same(first, second);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["ran"], log);
        Assert.Same(CoordinatedShutdown.UnknownReason.Instance, cs.ShutdownReason);
    }

    [Fact]
    public async Task A_failing_task_does_not_stop_the_following_phases()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        var log = new ConcurrentQueue<string>();
        cs.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "fails", () => Task.FromException<Done>(new InvalidOperationException("unbind failed")));
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "after", Record(log, "stopped"));
        await cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["stopped"], log);
    }

    [Fact]
    public void Adding_a_task_to_an_unknown_phase_throws()
    {
        Assert.Throws<ArgumentException>(() => CoordinatedShutdown.Get(Sys).AddTask("no-such-phase", "x", () => Task.FromResult(Done.Instance)));
    }

    [Fact]
    public void The_extension_is_one_instance_per_system()
    {
        Assert.Same(CoordinatedShutdown.Get(Sys), CoordinatedShutdown.Get(Sys));
        Assert.Equal(UnbindTimeout, CoordinatedShutdown.Get(Sys).Timeout(CoordinatedShutdown.PhaseServiceUnbind));
    }
}
