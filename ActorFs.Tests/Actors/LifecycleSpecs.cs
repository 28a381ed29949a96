using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class LifecycleSpecs : TestKit
{
    private sealed class WithChild : ReceiveActor
    {
        private readonly IActorRef _probe;

        public WithChild(IActorRef probe)
        {
            _probe = probe;
            probe.Tell("parent-created");
            Context.ActorOf(Props.Create(() => new Worker(probe, "kid")), "kid");
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("parent fails"));
            Receive<string>(s => s == "kid", _ => Sender.Tell(Context.Child("kid")));
        }

        protected override void PostStop() => _probe.Tell("parent-post-stop");
    }

    private sealed class KeepsChildren : ReceiveActor
    {
        public KeepsChildren(IActorRef probe)
        {
            probe.Tell("created");
            Receive<string>(s => s == "make", _ => Sender.Tell(Context.ActorOf(Props.Create(() => new Worker(probe, "kept")), "kept")));
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fails"));
        }

        protected override void PreRestart(Exception reason, object? message) { }
    }

    [Fact]
    public void PreStart_runs_before_the_first_message_and_PostStop_after_the_last()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        worker.Tell("state");
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        ExpectMsg(0);
        worker.Tell(PoisonPill.Instance);
        ExpectMsg("post-stop");
    }

    [Fact]
    public void Restart_calls_PreRestart_with_the_failing_message_then_PostRestart_on_a_new_instance()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        worker.Tell("fail");
        var pre = ExpectMsg<Worker.PreRestarted>();
        Assert.Equal("fail", pre.Message);
        Assert.IsType<InvalidOperationException>(pre.Reason);
        ExpectMsg("post-stop");
        ExpectMsg("worker-created");
        var post = ExpectMsg<Worker.PostRestarted>();
        Assert.Same(pre.Reason, post.Reason);
        ExpectMsg("pre-start");
    }

    [Fact]
    public void The_failing_message_is_dropped_not_reprocessed_after_a_restart()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        worker.Tell("a");
        worker.Tell("fail");
        worker.Tell("b");
        worker.Tell("state");
        FishForMessage(m => m is Worker.PostRestarted);
        ExpectMsg("pre-start");
        ExpectMsg(1);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_default_PreRestart_stops_the_children_and_the_new_instance_makes_new_ones()
    {
        var parent = Sys.ActorOf(Props.Create(() => new WithChild(TestActor)));
        ExpectMsg("parent-created");
        ExpectMsg("kid-created");
        ExpectMsg("pre-start");
        parent.Tell("kid");
        var oldKid = ExpectMsg<IActorRef>();
        var watcher = CreateTestProbe();
        watcher.Watch(oldKid);
        parent.Tell("fail");
        var events = ReceiveN(5).Select(m => m as string ?? m.GetType().Name).ToList();
        // The old parent's PostStop runs inside PreRestart, while its child stops concurrently; the new
        // instance is made only once the child has stopped.
        Assert.Equal(["parent-post-stop", "post-stop"], events.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(["parent-created", "kid-created", "pre-start"], events.Skip(2));
        watcher.ExpectTerminated(oldKid);
        parent.Tell("kid");
        var newKid = ExpectMsg<IActorRef>();
        Assert.NotEqual(oldKid, newKid);
    }

    [Fact]
    public void Children_kept_by_an_overridden_PreRestart_are_restarted_too()
    {
        var parent = Sys.ActorOf(Props.Create(() => new KeepsChildren(TestActor)));
        ExpectMsg("created");
        parent.Tell("make");
        var kept = ExpectMsg<IActorRef>();
        ExpectMsg("kept-created");
        ExpectMsg("pre-start");
        parent.Tell("fail");
        ExpectMsg("created");
        Assert.IsType<Worker.PreRestarted>(ExpectMsg<Worker.PreRestarted>());
        ExpectMsg("post-stop");
        ExpectMsg("kept-created");
        ExpectMsg<Worker.PostRestarted>();
        ExpectMsg("pre-start");
        kept.Tell("state");
        ExpectMsg(0);
    }

    [Fact]
    public void Children_stop_before_their_parents_PostStop()
    {
        var parent = Sys.ActorOf(Props.Create(() => new WithChild(TestActor)));
        ExpectMsg("parent-created");
        ExpectMsg("kid-created");
        ExpectMsg("pre-start");
        Watch(parent);
        Sys.Stop(parent);
        ExpectMsg("post-stop");
        ExpectMsg("parent-post-stop");
        ExpectTerminated(parent);
    }

    [Fact]
    public void The_default_PostRestart_calls_PreStart()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor, "worker")));
        worker.Tell("fail");
        FishForMessage(m => m is Worker.PostRestarted);
        ExpectMsg("pre-start");
    }
}
