using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class PoisonPillAndKillSpecs : TestKit
{
    private sealed class Gate : ReceiveActor
    {
        public Gate(Task gate)
        {
            ReceiveAsync<string>(s => s == "hold", _ =>
            {
                Sender.Tell("holding");
                return gate;
            });
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it_and_dead_letters_those_after()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Gate(gate.Task)));
        Watch(actor);
        actor.Tell("hold");
        ExpectMsg("holding");
        actor.Tell("one");
        actor.Tell("two");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("after");
        gate.SetResult();
        ExpectMsg("one");
        ExpectMsg("two");
        var rest = new[] { ReceiveOne(), ReceiveOne() };
        Assert.Contains(rest, m => m is Terminated t && t.ActorRef.Equals(actor));
        Assert.Contains(rest, m => m is DeadLetter { Message: "after" });
    }

    [Fact]
    public void Kill_makes_the_actor_fail_with_ActorKilledException_and_the_default_strategy_stops_it()
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
    public void Kill_goes_to_the_supervisor_which_may_restart_instead()
    {
        var seen = CreateTestProbe();
        var strategy = new OneForOneStrategy(e =>
        {
            seen.Ref.Tell(e);
            return Directive.Restart;
        });
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Worker(TestActor, "worker")))).WithSupervisorStrategy(strategy));
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        var child = parent.ChildOf();
        child.Tell(Kill.Instance);
        seen.ExpectMsg<ActorKilledException>();
        var pre = ExpectMsg<Worker.PreRestarted>();
        Assert.Same(Kill.Instance, pre.Message);
        ExpectMsg("post-stop");
        ExpectMsg("worker-created");
    }

    [Fact]
    public void Stop_is_a_system_message_and_overtakes_queued_user_messages()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Gate(gate.Task)));
        Watch(actor);
        actor.Tell("hold");
        ExpectMsg("holding");
        for (var i = 0; i < 5; i++) actor.Tell($"queued {i}");
        Sys.Stop(actor);
        var received = ReceiveN(6);
        Assert.Single(received.OfType<Terminated>());
        Assert.Equal(5, received.OfType<DeadLetter>().Count());
        gate.SetResult();
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
