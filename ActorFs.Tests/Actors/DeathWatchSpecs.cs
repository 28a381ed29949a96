using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class DeathWatchSpecs : TestKit
{
    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(m => Sender.Tell(m));
    }

    public sealed record WatchIt(IActorRef Subject, object? Custom = null);

    public sealed record UnwatchIt(IActorRef Subject);

    public sealed record Gone(string Why);

    /// <summary>A Terminated told on to another actor is dropped (it did not watch), as in Akka; so the watcher wraps it.</summary>
    public sealed record Saw(Terminated Terminated);

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe, Task gate)
        {
            Receive<WatchIt>(w =>
            {
                if (w.Custom is null) Context.Watch(w.Subject);
                else Context.WatchWith(w.Subject, w.Custom);
                Sender.Tell("watching");
            });
            Receive<UnwatchIt>(u =>
            {
                Context.Unwatch(u.Subject);
                Sender.Tell("unwatched");
            });
            ReceiveAsync<string>(s => s == "wait then unwatch", async _ =>
            {
                var subject = await ((Task<IActorRef>)gate);
                Context.Unwatch(subject);
                Self.Tell("check");
            });
            Receive<string>(s => s == "check", _ => probe.Tell("checked"));
            Receive<Terminated>(t => probe.Tell(new Saw(t), t.ActorRef));
            Receive<Gone>(g => probe.Tell(g));
        }
    }

    private IActorRef NewWatcher(TestProbe probe, Task? gate = null) =>
        Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref, gate ?? Task.CompletedTask)));

    [Fact]
    public void A_watcher_receives_Terminated_when_the_subject_stops()
    {
        var probe = CreateTestProbe();
        var watcher = NewWatcher(probe);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");
        Sys.Stop(subject);
        var terminated = probe.ExpectMsg<Saw>().Terminated;
        Assert.Equal(subject, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.Equal(subject, probe.LastSender);
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);
        var probe = CreateTestProbe();
        var watcher = NewWatcher(probe);
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");
        Assert.Equal(subject, probe.ExpectMsg<Saw>().Terminated.ActorRef);
    }

    [Fact]
    public void WatchWith_delivers_the_custom_message_instead_of_Terminated()
    {
        var probe = CreateTestProbe();
        var watcher = NewWatcher(probe);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject, new Gone("subject stopped")));
        ExpectMsg("watching");
        Sys.Stop(subject);
        probe.ExpectMsg(new Gone("subject stopped"));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void An_unwatched_subject_stops_without_a_Terminated()
    {
        var probe = CreateTestProbe();
        var watcher = NewWatcher(probe);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject));
        watcher.Tell(new UnwatchIt(subject));
        ExpectMsg("watching");
        ExpectMsg("unwatched");
        Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unwatch_cancels_a_Terminated_that_is_already_queued()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = NewWatcher(probe, gate.Task);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");
        // The watcher's mailbox is suspended by the pending async receive; the death notice is a system
        // message and queues Terminated behind it; then the continuation unwatches.
        watcher.Tell("wait then unwatch");
        Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);
        gate.SetResult(subject);
        probe.ExpectMsg("checked");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unwatch_cancels_a_WatchWith_message_that_is_already_queued()
    {
        var probe = CreateTestProbe();
        var gate = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = NewWatcher(probe, gate.Task);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject, new Gone("should be cancelled")));
        ExpectMsg("watching");
        watcher.Tell("wait then unwatch");
        Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);
        gate.SetResult(subject);
        probe.ExpectMsg("checked");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Watching_twice_delivers_one_Terminated()
    {
        var probe = CreateTestProbe();
        var watcher = NewWatcher(probe);
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        watcher.Tell(new WatchIt(subject));
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");
        ExpectMsg("watching");
        Sys.Stop(subject);
        probe.ExpectMsg<Saw>();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Many_watchers_each_receive_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        var probes = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToArray();
        foreach (var p in probes) p.Watch(subject);
        subject.Tell(PoisonPill.Instance);
        foreach (var p in probes) p.ExpectTerminated(subject);
    }
}
