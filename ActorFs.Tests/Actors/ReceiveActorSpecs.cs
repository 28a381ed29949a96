using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class ReceiveActorSpecs : TestKit
{
    private sealed class Ordered : ReceiveActor
    {
        public Ordered()
        {
            Receive<int>(n => n > 100, n => Sender.Tell($"big {n}"));
            Receive<int>(n => Sender.Tell($"small {n}"));
            Receive<string>(s => s.StartsWith('!') && Reply("bang"));
            Receive<string>(s => Sender.Tell($"text {s}"));
        }

        private bool Reply(string what)
        {
            Sender.Tell(what);
            return true;
        }
    }

    private sealed class WithAny : ReceiveActor
    {
        public WithAny()
        {
            Receive<int>(n => Sender.Tell(n));
            ReceiveAny(m => Sender.Tell($"any {m}"));
        }
    }

    private sealed class OnlyInts : ReceiveActor
    {
        public OnlyInts() => Receive<int>(n => Sender.Tell(n));
    }

    private sealed class LateDeclaration : ReceiveActor
    {
        public LateDeclaration() => ReceiveAny(_ =>
        {
            try
            {
                Receive<int>(_ => { });
                Sender.Tell("allowed");
            }
            catch (InvalidOperationException e)
            {
                Sender.Tell(e.Message);
            }
        });
    }

    private sealed class Untyped : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string s) Sender.Tell($"untyped {s}");
            else Unhandled(message);
        }
    }

    [Fact]
    public void Handlers_are_tried_in_declaration_order_and_predicates_filter()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Ordered()));
        actor.Tell(500);
        ExpectMsg("big 500");
        actor.Tell(5);
        ExpectMsg("small 5");
    }

    [Fact]
    public void A_handler_returning_false_falls_through_to_the_next_handler()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Ordered()));
        actor.Tell("!now");
        ExpectMsg("bang");
        actor.Tell("plain");
        ExpectMsg("text plain");
    }

    [Fact]
    public void ReceiveAny_takes_what_the_earlier_handlers_did_not()
    {
        var actor = Sys.ActorOf(Props.Create(() => new WithAny()));
        actor.Tell(1);
        ExpectMsg(1);
        actor.Tell(2.5);
        ExpectMsg("any 2.5");
    }

    [Fact]
    public void An_unhandled_message_is_published_as_UnhandledMessage()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new OnlyInts()));
        actor.Tell("not an int");
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal("not an int", unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
        Assert.Equal(TestActor, unhandled.Sender);
    }

    [Fact]
    public void Declaring_a_handler_outside_the_constructor_throws()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LateDeclaration()));
        actor.Tell("go");
        ExpectMsg<string>(s => s.Contains("constructor", StringComparison.Ordinal));
    }

    [Fact]
    public void An_UntypedActor_handles_messages_in_OnReceive_and_publishes_what_it_leaves_unhandled()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new Untyped()));
        actor.Tell("hi");
        ExpectMsg("untyped hi");
        actor.Tell(7);
        Assert.Equal(7, ExpectMsg<UnhandledMessage>().Message);
    }
}
