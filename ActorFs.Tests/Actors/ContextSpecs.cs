using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class ContextSpecs : TestKit
{
    private sealed class Family : ReceiveActor
    {
        public Family()
        {
            Receive<string>(s => s.StartsWith("make ", StringComparison.Ordinal), s => Sender.Tell(Context.ActorOf(Props.Create(() => new Echo()), s[5..])));
            Receive<string>(s => s.StartsWith("child ", StringComparison.Ordinal), s => Sender.Tell(Context.Child(s[6..])));
            Receive<string>(s => s == "children", _ => Sender.Tell(Context.GetChildren().Select(c => c.Path.Name).Order(StringComparer.Ordinal).ToArray()));
            Receive<string>(s => s.StartsWith("stop ", StringComparison.Ordinal), s => Context.Stop(Context.Child(s[5..])));
            Receive<string>(s => s == "who", _ => Sender.Tell(new[] { Context.Self.Path.ToString(), Context.Parent.Path.ToString(), Context.System.Name, Context.Props.ActorType.Name }));
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class SelfStopper : ReceiveActor
    {
        public SelfStopper()
        {
            Receive<string>(s => s == "stop", _ =>
            {
                Context.Stop(Self);
                Sender.Tell("finished the current message");
            });
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void Context_knows_Self_Parent_System_and_Props()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Family()), "family");
        actor.Tell("who");
        var who = ExpectMsg<string[]>();
        Assert.Equal(["akka://test/user/family", "akka://test/user", "test", nameof(Family)], who);
    }

    [Fact]
    public void ActorOf_creates_a_child_under_the_parents_path()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Family()), "parent");
        actor.Tell("make kid");
        var kid = ExpectMsg<IActorRef>();
        Assert.Equal("akka://test/user/parent/kid", kid.Path.ToString());
        kid.Tell("ping");
        ExpectMsg("ping");
    }

    [Fact]
    public void Child_finds_a_child_by_name_and_answers_Nobody_for_an_unknown_name()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Family()));
        actor.Tell("make kid");
        var kid = ExpectMsg<IActorRef>();
        actor.Tell("child kid");
        Assert.Equal(kid, ExpectMsg<IActorRef>());
        actor.Tell("child stranger");
        Assert.True(ExpectMsg<IActorRef>().IsNobody());
    }

    [Fact]
    public void GetChildren_lists_the_living_children()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Family()));
        actor.Tell("make a");
        actor.Tell("make b");
        var a = ExpectMsg<IActorRef>();
        ExpectMsg<IActorRef>();
        actor.Tell("children");
        Assert.Equal(["a", "b"], ExpectMsg<string[]>());
        Watch(a);
        actor.Tell("stop a");
        ExpectTerminated(a);
        AwaitAssert(() =>
        {
            actor.Tell("children");
            Assert.Equal(["b"], ExpectMsg<string[]>());
        });
    }

    [Fact]
    public void A_duplicate_child_name_throws_InvalidActorNameException_in_the_parent()
    {
        var strategyProbe = CreateTestProbe();
        var grand = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Family())))
            .WithSupervisorStrategy(new OneForOneStrategy(e =>
            {
                strategyProbe.Ref.Tell(e);
                return Directive.Resume;
            })));
        var family = grand.ChildOf();
        family.Tell("make twin");
        ExpectMsg<IActorRef>();
        family.Tell("make twin");
        strategyProbe.ExpectMsg<InvalidActorNameException>();
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var probe = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new Relay(probe.Ref)));
        relay.Tell("hello");
        probe.ExpectMsg("hello");
        Assert.Equal(TestActor, probe.LastSender);
    }

    [Fact]
    public void Without_a_sender_a_reply_goes_to_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell("to nobody", ActorRefs.NoSender);
        var letter = ExpectMsg<DeadLetter>(d => d.Message is "to nobody");
        Assert.Equal(echo, letter.Sender);
    }

    [Fact]
    public void Stopping_itself_finishes_the_current_message_first()
    {
        var actor = Sys.ActorOf(Props.Create(() => new SelfStopper()));
        Watch(actor);
        actor.Tell("stop");
        ExpectMsg("finished the current message");
        ExpectTerminated(actor);
    }

    [Fact]
    public void Every_actor_answers_Identify_with_its_reference()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell(new Identify("id-1"));
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal("id-1", identity.MessageId);
        Assert.Equal(echo, identity.Subject);
    }
}
