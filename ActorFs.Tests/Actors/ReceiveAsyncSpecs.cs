using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class ReceiveAsyncSpecs : TestKit
{
    private sealed class Gate : ReceiveActor
    {
        public Gate(Task gate)
        {
            ReceiveAsync<string>(s => s == "first", async _ =>
            {
                await gate;
                Sender.Tell("first done");
            });
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class AwaitsThenReports : ReceiveActor
    {
        public AwaitsThenReports()
        {
            ReceiveAsync<string>(s => s == "delay", async _ =>
            {
                var sender = Sender;
                await Task.Delay(20);
                Sender.Tell(new Report(Self, Context.Self, Sender, sender));
            });
            ReceiveAsync<string>(s => s == "yield", async _ =>
            {
                var sender = Sender;
                await Task.Yield();
                await Task.Yield();
                Sender.Tell(new Report(Self, Context.Self, Sender, sender));
            });
        }
    }

    public sealed record Report(IActorRef Self, IActorRef ContextSelf, IActorRef SenderAfter, IActorRef SenderBefore);

    private sealed class MisusesContext : ReceiveActor
    {
        public MisusesContext()
        {
            ReceiveAsync<string>(s => s == "task-run", async _ =>
            {
                var sender = Sender;
                var error = await Task.Run(() => Capture(() => Context.Self.ToString()));
                sender.Tell(error ?? (object)"no error");
            });
            ReceiveAsync<string>(s => s == "configure-await", async _ =>
            {
                var sender = Sender;
                await Task.Delay(10).ConfigureAwait(false);
                var error = Capture(() => Context.Sender.ToString());
                sender.Tell(error ?? (object)"no error");
            });
        }

        private static NotSupportedException? Capture(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (NotSupportedException e)
            {
                return e;
            }
        }
    }

    private sealed class FailsLater : ReceiveActor
    {
        public FailsLater(IActorRef probe)
        {
            probe.Tell("created");
            ReceiveAsync<string>(s => s == "fail", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            });
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void A_second_message_is_not_processed_until_the_first_task_ends()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Gate(gate.Task)));
        actor.Tell("first");
        actor.Tell("second");
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        gate.SetResult();
        ExpectMsg("first done");
        ExpectMsg("second");
    }

    [Fact]
    public void Self_Sender_and_Context_stay_valid_after_awaiting_Task_Delay()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AwaitsThenReports()));
        actor.Tell("delay");
        var report = ExpectMsg<Report>();
        Assert.Equal(actor, report.Self);
        Assert.Equal(actor, report.ContextSelf);
        Assert.Equal(TestActor, report.SenderAfter);
        Assert.Equal(TestActor, report.SenderBefore);
    }

    [Fact]
    public void Self_Sender_and_Context_stay_valid_after_awaiting_Task_Yield()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AwaitsThenReports()));
        var probe = CreateTestProbe();
        probe.Send(actor, "yield");
        var report = probe.ExpectMsg<Report>();
        Assert.Equal(actor, report.ContextSelf);
        Assert.Equal(probe.Ref, report.SenderAfter);
    }

    [Fact]
    public void Using_Context_inside_Task_Run_throws_NotSupportedException_that_says_why()
    {
        var actor = Sys.ActorOf(Props.Create(() => new MisusesContext()));
        actor.Tell("task-run");
        var error = ExpectMsg<NotSupportedException>();
        Assert.Contains("no active actor context", error.Message, StringComparison.Ordinal);
        Assert.Contains(actor.Path.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Using_Context_after_ConfigureAwait_false_throws_NotSupportedException()
    {
        var actor = Sys.ActorOf(Props.Create(() => new MisusesContext()));
        actor.Tell("configure-await");
        var error = ExpectMsg<NotSupportedException>();
        Assert.Contains("ConfigureAwait(false)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_faulted_async_handler_goes_to_supervision()
    {
        var probe = CreateTestProbe();
        var strategy = new OneForOneStrategy(e =>
        {
            probe.Ref.Tell(e.Message);
            return Directive.Restart;
        });
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new FailsLater(probe.Ref)))).WithSupervisorStrategy(strategy));
        probe.ExpectMsg("created");
        var child = parent.ChildOf();
        child.Tell("fail");
        probe.ExpectMsg("async boom");
        probe.ExpectMsg("created");
        child.Tell("still alive");
        ExpectMsg("still alive");
    }

    [Fact]
    public void A_message_after_a_completed_async_handler_is_processed()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AwaitsThenReports()));
        for (var i = 0; i < 20; i++) actor.Tell(i % 2 == 0 ? "yield" : "delay");
        for (var i = 0; i < 20; i++) ExpectMsg<Report>();
    }
}
