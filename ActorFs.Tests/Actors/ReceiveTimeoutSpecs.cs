using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class ReceiveTimeoutSpecs : TestKit
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    public ReceiveTimeoutSpecs() : base(VirtualTime()) { }

    public sealed record Quiet(string Text) : INotInfluenceReceiveTimeout;

    private sealed class TimesOut : ReceiveActor
    {
        public TimesOut(IActorRef probe, TimeSpan timeout)
        {
            Receive<ReceiveTimeout>(_ => probe.Tell("timed out"));
            Receive<string>(s => s == "clear", _ =>
            {
                Context.SetReceiveTimeout(null);
                Sender.Tell("cleared");
            });
            Receive<string>(s => s == "set", _ =>
            {
                Context.SetReceiveTimeout(timeout);
                Sender.Tell("set");
            });
            Receive<string>(s => Sender.Tell(s));
            Receive<Quiet>(q => Sender.Tell(q.Text));
        }
    }

    private IActorRef Started()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimesOut(TestActor, Idle)));
        actor.Tell("set");
        ExpectMsg("set");
        return actor;
    }

    private sealed class TimesOutFromCreation : ReceiveActor
    {
        public TimesOutFromCreation(IActorRef probe, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(_ => probe.Tell("timed out"));
        }
    }

    [Fact]
    public void A_timeout_set_in_the_constructor_runs_from_creation_without_any_message()
    {
        Sys.ActorOf(Props.Create(() => new TimesOutFromCreation(TestActor, Idle)));
        AwaitCondition(() => Scheduler.PendingCount >= 1);
        Scheduler.Advance(Idle);
        ExpectMsg("timed out");
    }

    [Fact]
    public void The_timeout_fires_exactly_after_the_idle_time_in_virtual_time()
    {
        Started();
        Scheduler.Advance(Idle - Tick);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(Tick);
        ExpectMsg("timed out");
    }

    [Fact]
    public void A_message_restarts_the_idle_time()
    {
        var actor = Started();
        Scheduler.Advance(Idle - Tick);
        actor.Tell("ping");
        ExpectMsg("ping");
        AwaitCondition(() => Scheduler.PendingCount >= 2);
        Scheduler.Advance(Idle - Tick);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(Tick);
        ExpectMsg("timed out");
    }

    [Fact]
    public void The_timeout_keeps_firing_after_each_further_idle_period()
    {
        Started();
        Scheduler.Advance(Idle);
        ExpectMsg("timed out");
        AwaitCondition(() => Scheduler.PendingCount >= 1, TimeSpan.FromSeconds(1), message: "the timeout is armed again");
        Scheduler.Advance(Idle);
        ExpectMsg("timed out");
    }

    [Fact]
    public void A_message_marked_INotInfluenceReceiveTimeout_does_not_restart_the_idle_time()
    {
        var actor = Started();
        Scheduler.Advance(Idle - Tick);
        actor.Tell(new Quiet("quiet"));
        ExpectMsg("quiet");
        Scheduler.Advance(Tick);
        ExpectMsg("timed out");
    }

    [Fact]
    public void Setting_no_timeout_cancels_it()
    {
        var actor = Started();
        actor.Tell("clear");
        ExpectMsg("cleared");
        Scheduler.Advance(Idle * 3);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void No_timeout_is_delivered_when_none_was_set()
    {
        Sys.ActorOf(Props.Create(() => new TimesOut(TestActor, Idle)));
        Scheduler.Advance(TimeSpan.FromHours(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
