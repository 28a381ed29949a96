using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class DeadLetterSpecs : TestKit
{
    private static readonly InMemorySink Sink = new();

    public DeadLetterSpecs() : base(ActorSystemSettings.Default with { LogDeadLetters = 3, Logger = Sink.CreateLogger() }, "deadletters" + Guid.NewGuid().ToString("N")[..8]) { }

    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }

    private IActorRef StoppedActor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Idle()), "gone");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        return actor;
    }

    [Fact]
    public void A_message_to_a_stopped_actor_is_published_as_a_DeadLetter()
    {
        var actor = StoppedActor();
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var sender = CreateTestProbe();
        actor.Tell("too late", sender.Ref);
        var letter = ExpectMsg<DeadLetter>();
        Assert.Equal("too late", letter.Message);
        Assert.Equal(sender.Ref, letter.Sender);
        Assert.Equal(actor, letter.Recipient);
    }

    [Fact]
    public void A_message_told_to_DeadLetters_is_published()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        Sys.DeadLetters.Tell("direct");
        Assert.Equal("direct", ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Messages_to_Nobody_are_dropped_without_a_dead_letter()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        ActorRefs.Nobody.Tell("void");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_first_N_dead_letters_are_logged_and_then_logging_stops()
    {
        var actor = StoppedActor();
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        for (var i = 0; i < 6; i++) actor.Tell($"lost {i}");
        ReceiveN(6);
        var path = actor.Path.ToString();
        List<Serilog.Events.LogEvent> Logged() =>
            Sink.Events.Where(e => e.MessageTemplate.Text.Contains("was not delivered", StringComparison.Ordinal)
                                   && InMemorySink.StringProperty(e, "Recipient") == path).ToList();
        AwaitCondition(() => Logged().Count >= 3);
        var logged = Logged();
        Assert.Equal(3, logged.Count);
        Assert.Contains("no more dead letters will be logged", logged[^1].RenderMessage(), StringComparison.Ordinal);
        Assert.All(logged, e => Assert.Equal("String", InMemorySink.StringProperty(e, "MessageType")));
    }
}
