using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class StashSpecs : TestKit
{
    private sealed class Stasher : ReceiveActor, IWithUnboundedStash
    {
        private readonly IActorRef _probe;

        public IStash Stash { get; set; } = null!;

        public Stasher(IActorRef probe, int incarnation)
        {
            _probe = probe;
            probe.Tell($"incarnation {incarnation}");
            if (incarnation == 1) Closed();
            else Open();
        }

        private void Closed()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(Open);
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "one", _ =>
            {
                Stash.Unstash();
                BecomeStacked(OpenForOne);
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("restart with a full stash"));
            Receive<string>(s => s == "twice", _ =>
            {
                Stash.Stash();
                try
                {
                    Stash.Stash();
                    _probe.Tell("stashed twice");
                }
                catch (IllegalActorStateException e)
                {
                    _probe.Tell(e);
                }
            });
            Receive<string>(s => s == "count", _ => _probe.Tell(Stash.Count));
            ReceiveAny(_ => Stash.Stash());
        }

        private void OpenForOne()
        {
            ReceiveAny(m =>
            {
                _probe.Tell(m);
                UnbecomeStacked();
            });
        }

        private void Open() => ReceiveAny(m => _probe.Forward(m));
    }

    private IActorRef NewStasher()
    {
        var incarnation = 0;
        var actor = Sys.ActorOf(Props.Create(() => new Stasher(TestActor, Interlocked.Increment(ref incarnation))));
        ExpectMsg("incarnation 1");
        return actor;
    }

    [Fact]
    public void UnstashAll_puts_the_stashed_messages_ahead_of_those_queued_in_stash_order()
    {
        var actor = NewStasher();
        foreach (var m in new[] { "a", "b", "c", "open", "d", "e" }) actor.Tell(m);
        foreach (var m in new[] { "a", "b", "c", "d", "e" }) ExpectMsg(m);
    }

    [Fact]
    public void Unstash_returns_the_oldest_stashed_message_first()
    {
        var actor = NewStasher();
        actor.Tell("a");
        actor.Tell("b");
        actor.Tell("one");
        actor.Tell("c");
        ExpectMsg("a");
        actor.Tell("count");
        ExpectMsg(2);
    }

    [Fact]
    public void Stashing_the_same_message_twice_throws_IllegalActorStateException()
    {
        var actor = NewStasher();
        actor.Tell("twice");
        ExpectMsg<IllegalActorStateException>();
    }

    [Fact]
    public void Stashed_messages_survive_a_restart()
    {
        var actor = NewStasher();
        actor.Tell("a");
        actor.Tell("b");
        actor.Tell("fail");
        actor.Tell("c");
        ExpectMsg("incarnation 2");
        ExpectMsg("a");
        ExpectMsg("b");
        ExpectMsg("c");
    }

    [Fact]
    public void Stashed_messages_become_dead_letters_when_the_actor_stops()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var actor = NewStasher();
        actor.Tell("a");
        actor.Tell("count");
        ExpectMsg(1);
        actor.Tell(PoisonPill.Instance);
        Assert.Equal("a", ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void The_stash_keeps_each_messages_sender()
    {
        var actor = NewStasher();
        var probe = CreateTestProbe();
        probe.Send(actor, "from the probe");
        actor.Tell("open");
        ExpectMsg("from the probe");
        Assert.Equal(probe.Ref, LastSender);
    }
}
