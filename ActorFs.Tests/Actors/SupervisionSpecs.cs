using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class SupervisionSpecs : TestKit
{
    public SupervisionSpecs() : base(VirtualTime()) { }

    private sealed class FailingConstructor : ReceiveActor
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot construct");
    }

    private sealed class WatchesWithoutHandlingTerminated : ReceiveActor
    {
        public WatchesWithoutHandlingTerminated(IActorRef subject)
        {
            Context.Watch(subject);
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class Twins : ReceiveActor
    {
        public Twins(IActorRef probe)
        {
            Context.ActorOf(Props.Create(() => new Worker(probe, "a")), "a");
            Context.ActorOf(Props.Create(() => new Worker(probe, "b")), "b");
            Receive<string>(s => Sender.Tell(Context.Child(s)));
        }
    }

    private sealed class Middle : ReceiveActor
    {
        public Middle(IActorRef probe)
        {
            probe.Tell("middle-created");
            Context.ActorOf(Props.Create(() => new Worker(probe, "leaf")), "leaf");
            Receive<string>(s => Sender.Tell(Context.Child(s)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);
    }

    private IActorRef Supervised(SupervisorStrategy strategy, string name = "worker")
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Worker(TestActor, name)))).WithSupervisorStrategy(strategy));
        ExpectMsg($"{name}-created");
        ExpectMsg("pre-start");
        return parent.ChildOf();
    }

    [Fact]
    public void Resume_keeps_the_actor_state_and_drops_the_failing_message()
    {
        var child = Supervised(new OneForOneStrategy(_ => Directive.Resume));
        child.Tell("a");
        child.Tell("b");
        child.Tell("fail");
        child.Tell("c");
        child.Tell("state");
        ExpectMsg(3);
    }

    [Fact]
    public void Restart_makes_a_new_instance_with_fresh_state()
    {
        var child = Supervised(new OneForOneStrategy(_ => Directive.Restart));
        child.Tell("a");
        child.Tell("fail");
        child.Tell("state");
        ExpectMsg<Worker.PreRestarted>();
        ExpectMsg("post-stop");
        ExpectMsg("worker-created");
        ExpectMsg<Worker.PostRestarted>();
        ExpectMsg("pre-start");
        ExpectMsg(0);
    }

    [Fact]
    public void Stop_stops_the_failed_child()
    {
        var child = Supervised(new OneForOneStrategy(_ => Directive.Stop));
        Watch(child);
        child.Tell("fail");
        ExpectMsg("post-stop");
        ExpectTerminated(child);
    }

    [Fact]
    public void OneForOne_restarts_within_the_retry_limit_of_its_window_then_stops()
    {
        var child = Supervised(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);
        FailAndExpectRestart(child);
        FailAndExpectRestart(child);
        child.Tell("fail");
        ExpectMsg("post-stop");
        ExpectTerminated(child);
    }

    [Fact]
    public void OneForOne_counts_retries_afresh_once_the_window_has_passed()
    {
        var child = Supervised(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart));
        Watch(child);
        FailAndExpectRestart(child);
        FailAndExpectRestart(child);
        Scheduler.Advance(TimeSpan.FromSeconds(11));
        FailAndExpectRestart(child);
        FailAndExpectRestart(child);
        child.Tell("fail");
        ExpectMsg("post-stop");
        ExpectTerminated(child);
    }

    [Fact]
    public void A_retry_limit_without_a_window_counts_for_the_childs_whole_life()
    {
        var child = Supervised(new OneForOneStrategy(1, null, _ => Directive.Restart));
        Watch(child);
        FailAndExpectRestart(child);
        Scheduler.Advance(TimeSpan.FromDays(1));
        child.Tell("fail");
        ExpectMsg("post-stop");
        ExpectTerminated(child);
    }

    [Fact]
    public void Zero_retries_stops_at_the_first_failure()
    {
        var child = Supervised(new OneForOneStrategy(0, null, _ => Directive.Restart));
        Watch(child);
        child.Tell("fail");
        ExpectMsg("post-stop");
        ExpectTerminated(child);
    }

    [Fact]
    public void AllForOne_restarts_the_siblings_of_the_failed_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Twins(TestActor)).WithSupervisorStrategy(new AllForOneStrategy(_ => Directive.Restart)));
        var created = ReceiveN(4).OfType<string>().Where(s => s.EndsWith("-created", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["a-created", "b-created"], created);
        parent.Tell("a");
        var a = ExpectMsg<IActorRef>();
        parent.Tell("b");
        var b = ExpectMsg<IActorRef>();
        b.Tell("x");
        b.Tell("state");
        ExpectMsg(1);
        a.Tell("fail");
        var recreated = FishAll(m => m is "a-created" or "b-created", 2);
        Assert.Equal(["a-created", "b-created"], recreated.Cast<string>().Order(StringComparer.Ordinal));
        b.Tell("state");
        FishForMessage(m => m is 0);
    }

    [Fact]
    public void AllForOne_stop_stops_every_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Twins(TestActor)).WithSupervisorStrategy(new AllForOneStrategy(_ => Directive.Stop)));
        ReceiveN(4);
        parent.Tell("a");
        var a = ExpectMsg<IActorRef>();
        parent.Tell("b");
        var b = ExpectMsg<IActorRef>();
        Watch(a);
        Watch(b);
        a.Tell("fail");
        var ends = FishAll(m => m is Terminated, 2).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal(new HashSet<IActorRef> { a, b }, ends);
    }

    [Fact]
    public void Escalate_hands_the_failure_to_the_grandparent()
    {
        var seen = CreateTestProbe();
        var strategy = new OneForOneStrategy(e =>
        {
            seen.Ref.Tell(e);
            return Directive.Restart;
        });
        var grandparent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Middle(TestActor)))).WithSupervisorStrategy(strategy));
        ExpectMsg("middle-created");
        var middle = grandparent.ChildOf();
        middle.Tell("leaf");
        var leaf = FishForMessage<IActorRef>(_ => true);
        var cause = new ArgumentException("leaf trouble");
        leaf.Tell(cause);
        Assert.Same(cause, seen.ExpectMsg<ArgumentException>());
        FishForMessage(m => m is "middle-created");
    }

    [Fact]
    public void The_default_decider_stops_an_actor_whose_constructor_throws()
    {
        var seen = CreateTestProbe();
        var strategy = new OneForOneStrategy(e =>
        {
            seen.Ref.Tell(e);
            return Decider.DefaultDecision(e);
        });
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new FailingConstructor()))).WithSupervisorStrategy(strategy));
        var child = parent.ChildOf();
        Watch(child);
        var e = seen.ExpectMsg<ActorInitializationException>();
        Assert.IsType<InvalidOperationException>(e.InnerException);
        ExpectTerminated(child);
    }

    [Fact]
    public void The_default_strategy_stops_an_actor_whose_constructor_throws()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FailingConstructor()));
        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void The_default_strategy_stops_a_killed_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        Watch(actor);
        actor.Tell(Kill.Instance);
        ExpectMsg("post-stop");
        ExpectTerminated(actor);
    }

    [Fact]
    public void The_default_strategy_stops_a_watcher_that_does_not_handle_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "subject")));
        ExpectMsg("subject-created");
        ExpectMsg("pre-start");
        var watcher = Sys.ActorOf(Props.Create(() => new WatchesWithoutHandlingTerminated(subject)));
        Watch(watcher);
        watcher.Tell("ready?");
        ExpectMsg("ready?");
        Sys.Stop(subject);
        ExpectMsg("post-stop");
        ExpectTerminated(watcher);
    }

    [Fact]
    public void The_default_strategy_restarts_on_any_other_exception()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        actor.Tell(new TimeoutException("other"));
        ExpectMsg<Worker.PreRestarted>();
        ExpectMsg("post-stop");
        ExpectMsg("worker-created");
    }

    [Fact]
    public void The_default_decider_maps_Akkas_three_stop_cases_to_Stop_and_the_rest_to_Restart()
    {
        Assert.Equal(Directive.Stop, Decider.DefaultDecision(new ActorInitializationException("x")));
        Assert.Equal(Directive.Stop, Decider.DefaultDecision(new ActorKilledException()));
        Assert.Equal(Directive.Stop, Decider.DefaultDecision(new DeathPactException()));
        Assert.Equal(Directive.Restart, Decider.DefaultDecision(new InvalidOperationException()));
        Assert.Equal(-1, SupervisorStrategy.DefaultStrategy.MaxNumberOfRetries);
        Assert.IsType<OneForOneStrategy>(SupervisorStrategy.DefaultStrategy);
    }

    [Fact]
    public void An_actors_own_SupervisorStrategy_method_decides_for_its_children()
    {
        var seen = CreateTestProbe();
        var grandparent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Middle(TestActor))))
            .WithSupervisorStrategy(new OneForOneStrategy(e =>
            {
                seen.Ref.Tell("escalated");
                return Directive.Resume;
            })));
        ExpectMsg("middle-created");
        var middle = grandparent.ChildOf();
        middle.Tell("leaf");
        var leaf = FishForMessage<IActorRef>(_ => true);
        leaf.Tell("fail");
        seen.ExpectMsg("escalated");
    }

    private void FailAndExpectRestart(IActorRef child)
    {
        child.Tell("fail");
        ExpectMsg<Worker.PreRestarted>();
        ExpectMsg("post-stop");
        ExpectMsg("worker-created");
        ExpectMsg<Worker.PostRestarted>();
        ExpectMsg("pre-start");
    }

    private List<object> FishAll(Predicate<object> wanted, int count)
    {
        var found = new List<object>();
        while (found.Count < count) found.Add(FishForMessage(wanted));
        return found;
    }
}
