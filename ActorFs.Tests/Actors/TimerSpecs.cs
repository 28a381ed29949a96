using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class TimerSpecs : TestKit
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    public TimerSpecs() : base(VirtualTime()) { }

    public sealed record StartSingle(object Key, object Message, TimeSpan After);

    public sealed record StartPeriodic(object Key, object Message, TimeSpan Every);

    public sealed record CancelTimer(object Key);

    public sealed record IsActive(object Key);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TimerActor(IActorRef probe, Task gate)
        {
            probe.Tell("created");
            Receive<StartSingle>(s =>
            {
                Timers.StartSingleTimer(s.Key, s.Message, s.After);
                Sender.Tell("started");
            });
            Receive<StartPeriodic>(p =>
            {
                Timers.StartPeriodicTimer(p.Key, p.Message, p.Every);
                Sender.Tell("started");
            });
            Receive<CancelTimer>(c =>
            {
                Timers.Cancel(c.Key);
                Sender.Tell("cancelled");
            });
            Receive<IsActive>(a => Sender.Tell(Timers.IsTimerActive(a.Key)));
            Receive<Exception>(e => throw e);
            ReceiveAsync<string>(s => s == "hold then restart timer", async _ =>
            {
                await gate;
                Timers.StartSingleTimer("key", "new", Second * 10);
                Sender.Tell("restarted");
            });
            ReceiveAsync<string>(s => s == "hold then fail", async _ =>
            {
                await gate;
                throw new InvalidOperationException("fail while a timer message is queued");
            });
            Receive<string>(s => probe.Tell(s));
        }
    }

    /// <summary>Starts the same keyed timer in every incarnation's PreStart, naming the incarnation in its message.</summary>
    private sealed class StartsTimerOnStart : ReceiveActor, IWithTimers
    {
        private readonly int _incarnation;

        public ITimerScheduler Timers { get; set; } = null!;

        public StartsTimerOnStart(IActorRef probe, Task gate, int incarnation)
        {
            _incarnation = incarnation;
            ReceiveAsync<string>(s => s == "hold then fail", async _ =>
            {
                await gate;
                throw new InvalidOperationException("fail while a timer message is queued");
            });
            Receive<string>(s => probe.Tell(s));
        }

        protected override void PreStart()
        {
            Timers.StartSingleTimer("key", $"from incarnation {_incarnation}", Second);
        }
    }

    private IActorRef NewTimerActor(Task? gate = null)
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor, gate ?? Task.CompletedTask)));
        ExpectMsg("created");
        return actor;
    }

    [Fact]
    public void A_single_timer_delivers_its_message_once_at_its_time()
    {
        var actor = NewTimerActor();
        actor.Tell(new StartSingle("key", "fired", Second));
        ExpectMsg("started");
        Scheduler.Advance(Second - Tick);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(Tick);
        ExpectMsg("fired");
        Scheduler.Advance(Second * 10);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(new IsActive("key"));
        ExpectMsg(false);
    }

    [Fact]
    public void A_periodic_timer_delivers_once_per_interval_until_cancelled()
    {
        var actor = NewTimerActor();
        actor.Tell(new StartPeriodic("tick", "tick", Second));
        ExpectMsg("started");
        for (var i = 0; i < 3; i++)
        {
            Scheduler.Advance(Second);
            ExpectMsg("tick");
        }
        actor.Tell(new IsActive("tick"));
        ExpectMsg(true);
        actor.Tell(new CancelTimer("tick"));
        ExpectMsg("cancelled");
        Scheduler.Advance(Second * 5);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_timer_restarted_under_the_same_key_replaces_the_old_one()
    {
        var actor = NewTimerActor();
        actor.Tell(new StartSingle("key", "old", Second));
        actor.Tell(new StartSingle("key", "new", Second * 2));
        ExpectMsg("started");
        ExpectMsg("started");
        Scheduler.Advance(Second);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(Second);
        ExpectMsg("new");
    }

    [Fact]
    public void A_timer_restarted_under_the_same_key_never_delivers_the_old_message_even_when_already_queued()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = NewTimerActor(gate.Task);
        actor.Tell(new StartSingle("key", "old", Second));
        ExpectMsg("started");
        actor.Tell("hold then restart timer");
        // The old timer fires while the actor is busy: its message waits in the mailbox.
        Scheduler.Advance(Second);
        gate.SetResult();
        ExpectMsg("restarted");
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        Scheduler.Advance(Second * 10);
        ExpectMsg("new");
    }

    [Fact]
    public void A_timer_message_queued_before_a_restart_is_not_delivered_to_the_new_instance()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = NewTimerActor(gate.Task);
        actor.Tell(new StartSingle("key", "from the old instance", Second));
        ExpectMsg("started");
        actor.Tell("hold then fail");
        Scheduler.Advance(Second);
        gate.SetResult();
        ExpectMsg("created");
        actor.Tell(new StartSingle("key", "from the new instance", Second * 10));
        ExpectMsg("started");
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        Scheduler.Advance(Second * 10);
        ExpectMsg("from the new instance");
    }

    [Fact]
    public void A_timer_message_of_the_old_instance_is_not_taken_for_the_new_instances_timer_under_the_same_key()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var incarnation = 0;
        var actor = Sys.ActorOf(Props.Create(() => new StartsTimerOnStart(TestActor, gate.Task, Interlocked.Increment(ref incarnation))));
        actor.Tell("hold then fail");
        AwaitCondition(() => Scheduler.PendingCount > 0);
        // Incarnation 1's timer fires while the actor is busy; then it fails and incarnation 2 starts the same key.
        Scheduler.Advance(Second);
        gate.SetResult();
        AwaitCondition(() => Volatile.Read(ref incarnation) == 2);
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        Scheduler.Advance(Second);
        ExpectMsg("from incarnation 2");
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var actor = NewTimerActor();
        actor.Tell(new StartPeriodic("tick", "tick", Second));
        actor.Tell(new StartSingle("once", "once", Second * 2));
        ExpectMsg("started");
        ExpectMsg("started");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Scheduler.Advance(Second * 5);
        deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        ExpectNoMsg(TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = NewTimerActor();
        actor.Tell(new StartPeriodic("tick", "tick", Second));
        ExpectMsg("started");
        actor.Tell(new InvalidOperationException("restart me"));
        ExpectMsg("created");
        actor.Tell(new IsActive("tick"));
        ExpectMsg(false);
        Scheduler.Advance(Second * 3);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
