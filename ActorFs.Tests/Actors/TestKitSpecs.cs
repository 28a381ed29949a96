using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using Xunit.Sdk;

namespace ActorFs.Tests.Actors;

public sealed class TestKitSpecs : TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private IActorRef NewEcho() => Sys.ActorOf(Props.Create(() => new Echo()));

    [Fact]
    public void The_test_actor_is_the_implicit_sender_of_Tells_from_the_test()
    {
        var echo = NewEcho();
        echo.Tell("hi");
        ExpectMsg("hi");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_returns_the_matching_message_and_fails_on_another()
    {
        TestActor.Tell(5);
        Assert.Equal(5, ExpectMsg<int>(n => n > 3));
        TestActor.Tell(1);
        Assert.Throws<XunitException>(() => ExpectMsg<int>(n => n > 3));
        TestActor.Tell("text");
        Assert.Throws<XunitException>(() => ExpectMsg<int>());
    }

    [Fact]
    public void ExpectMsg_fails_after_its_timeout_when_nothing_arrives()
    {
        var e = Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectNoMsg_passes_in_silence_and_fails_when_a_message_arrives()
    {
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        TestActor.Tell("noise");
        Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void ExpectMsgFrom_checks_the_sender()
    {
        var probe = CreateTestProbe();
        probe.Send(TestActor, "from probe");
        ExpectMsgFrom<string>(probe.Ref);
        TestActor.Tell("from nobody", ActorRefs.NoSender);
        Assert.Throws<XunitException>(() => ExpectMsgFrom<string>(probe.Ref));
    }

    [Fact]
    public void ExpectMsgAllOf_accepts_the_messages_in_any_order()
    {
        TestActor.Tell(3);
        TestActor.Tell(1);
        TestActor.Tell(2);
        ExpectMsgAllOf(TimeSpan.FromSeconds(3), 1, 2, 3);
    }

    [Fact]
    public void FishForMessage_skips_until_a_message_matches()
    {
        foreach (var n in new[] { 1, 2, 3, 10, 4 }) TestActor.Tell(n);
        Assert.Equal(10, FishForMessage<int>(n => n >= 10));
        ExpectMsg(4);
    }

    [Fact]
    public void ReceiveWhile_collects_while_the_filter_maps_and_ReceiveN_takes_exactly_N()
    {
        foreach (var m in new object[] { "a", "b", 1, "c" }) TestActor.Tell(m);
        var texts = ReceiveWhile(m => m as string, TimeSpan.FromSeconds(1));
        Assert.Equal(["a", "b"], texts);
        ExpectMsg("c");
        foreach (var n in new[] { 7, 8, 9 }) TestActor.Tell(n);
        Assert.Equal([7, 8], ReceiveN(2).Cast<int>());
        Assert.Throws<XunitException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Within_bounds_the_expectations_inside_it_and_fails_a_block_that_is_too_fast()
    {
        Within(TimeSpan.FromSeconds(2), () =>
        {
            TestActor.Tell("in time");
            ExpectMsg("in time");
            Assert.True(Remaining <= TimeSpan.FromSeconds(2));
        });
        Assert.Throws<XunitException>(() => Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), () => { }));
    }

    [Fact]
    public void AwaitAssert_retries_until_the_assertion_passes()
    {
        var calls = 0;
        AwaitAssert(() => Assert.True(++calls >= 3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, calls);
        Assert.ThrowsAny<Exception>(() => AwaitAssert(() => Assert.Fail("never"), TimeSpan.FromMilliseconds(30)));
    }

    [Fact]
    public void AwaitCondition_waits_until_the_condition_holds_and_fails_at_its_deadline()
    {
        var flag = 0;
        _ = Task.Run(() => Volatile.Write(ref flag, 1));
        AwaitCondition(() => Volatile.Read(ref flag) == 1, TimeSpan.FromSeconds(2));
        Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(30)));
    }

    [Fact]
    public void Watch_and_ExpectTerminated_see_an_actor_stop()
    {
        var echo = NewEcho();
        Watch(echo);
        Sys.Stop(echo);
        Assert.Equal(echo, ExpectTerminated(echo).ActorRef);
    }

    [Fact]
    public void A_probe_replies_to_and_forwards_the_last_message_keeping_its_sender()
    {
        var probe = CreateTestProbe();
        var other = CreateTestProbe();
        probe.Ref.Tell("question");
        probe.ExpectMsg("question");
        Assert.Equal(TestActor, probe.LastSender);
        probe.Reply("answer");
        ExpectMsg("answer");
        Assert.Equal(probe.Ref, LastSender);
        probe.Forward(other.Ref, "passed on");
        other.ExpectMsg("passed on");
        Assert.Equal(TestActor, other.LastSender);
    }

    [Fact]
    public void Probes_are_independent_of_each_other_and_of_the_test_actor()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        a.Ref.Tell("for a");
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        ExpectNoMsg(TimeSpan.FromMilliseconds(10));
        a.ExpectMsg("for a");
    }

    [Fact]
    public void Scheduler_fails_clearly_on_a_wall_clock_system()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Scheduler);
        Assert.Contains("VirtualTime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_terminates_the_actor_system()
    {
        var kit = new StandaloneKit();
        var system = kit.Sys;
        kit.Dispose();
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    private sealed class StandaloneKit() : TestKit(ActorSystemSettings.Default, "standalone");
}
