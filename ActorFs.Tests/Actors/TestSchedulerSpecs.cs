using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class TestSchedulerSpecs : TestKit
{
    public TestSchedulerSpecs() : base(VirtualTime()) { }

    [Fact]
    public void Nothing_scheduled_runs_until_the_clock_is_advanced()
    {
        var ran = 0;
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () => ran++);
        Assert.Equal(0, ran);
        Scheduler.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, ran);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, ran);
    }

    [Fact]
    public void Items_run_in_due_order_and_see_their_own_due_time()
    {
        var seen = new List<(string, TimeSpan)>();
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(3), () => seen.Add(("c", Scheduler.MonotonicClock)));
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () => seen.Add(("a", Scheduler.MonotonicClock)));
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(2), () => seen.Add(("b", Scheduler.MonotonicClock)));
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([("a", TimeSpan.FromSeconds(1)), ("b", TimeSpan.FromSeconds(2)), ("c", TimeSpan.FromSeconds(3))], seen);
        Assert.Equal(TimeSpan.FromSeconds(10), Scheduler.MonotonicClock);
    }

    [Fact]
    public void Items_due_at_the_same_time_run_in_the_order_scheduled()
    {
        var seen = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () => seen.Add(n));
        }
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public void AdvanceTo_moves_the_clock_to_a_point_in_time_and_Now_follows()
    {
        var start = Scheduler.Now;
        var ran = false;
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromMinutes(5), () => ran = true);
        Scheduler.AdvanceTo(start + TimeSpan.FromMinutes(5));
        Assert.True(ran);
        Assert.Equal(start + TimeSpan.FromMinutes(5), Scheduler.Now);
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.AdvanceTo(start));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_cancelled_item_never_runs()
    {
        var ran = false;
        var handle = Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () => ran = true);
        handle.Cancel();
        Assert.True(handle.IsCancellationRequested);
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.False(ran);
    }

    [Fact]
    public void A_repeating_tell_fires_once_per_interval_even_across_one_long_advance()
    {
        var handle = Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", null);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        Scheduler.Advance(TimeSpan.FromSeconds(6));
        ReceiveN(3);
        handle.Cancel();
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_scheduled_tell_reaches_the_actor_with_its_sender()
    {
        var probe = CreateTestProbe();
        Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "later", probe.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("later");
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public async Task The_scheduler_Delay_completes_in_virtual_time()
    {
        var delay = Sys.Scheduler.Delay(TimeSpan.FromHours(1));
        Assert.False(delay.IsCompleted);
        Scheduler.Advance(TimeSpan.FromHours(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_item_scheduled_by_a_running_item_runs_in_the_same_advance_when_due()
    {
        var seen = new List<string>();
        Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () =>
        {
            seen.Add("first");
            Scheduler.ScheduleOnceCancelable(TimeSpan.FromSeconds(1), () => seen.Add("second"));
        });
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["first", "second"], seen);
    }
}
