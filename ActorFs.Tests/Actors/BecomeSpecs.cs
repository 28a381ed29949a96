using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class BecomeSpecs : TestKit
{
    private sealed class Switch : ReceiveActor
    {
        public Switch() => Off();

        private void Off()
        {
            Receive<string>(s => s == "toggle", _ => Become(On));
            Receive<string>(s => s == "push", _ => BecomeStacked(Pushed));
            Receive<string>(s => s == "pop", _ => UnbecomeStacked());
            Receive<string>(_ => Sender.Tell("off"));
        }

        private void On()
        {
            Receive<string>(s => s == "toggle", _ => Become(Off));
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
            Receive<string>(_ => Sender.Tell("on"));
        }

        private void Pushed()
        {
            Receive<string>(s => s == "pop", _ => UnbecomeStacked());
            Receive<string>(s => s == "push", _ => BecomeStacked(Pushed));
            Receive<string>(_ => Sender.Tell("pushed"));
        }
    }

    private sealed class UntypedSwitch : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is "toggle") Become(Toggled);
            else Sender.Tell("first");
        }

        private void Toggled(object message) => Sender.Tell("second");
    }

    [Fact]
    public void Become_replaces_the_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("state");
        ExpectMsg("off");
        actor.Tell("toggle");
        actor.Tell("state");
        ExpectMsg("on");
        actor.Tell("toggle");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void BecomeStacked_pushes_and_UnbecomeStacked_pops_back_to_the_previous_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("push");
        actor.Tell("push");
        actor.Tell("state");
        ExpectMsg("pushed");
        actor.Tell("pop");
        actor.Tell("state");
        ExpectMsg("pushed");
        actor.Tell("pop");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void UnbecomeStacked_on_the_initial_behaviour_keeps_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("push");
        actor.Tell("pop");
        actor.Tell("pop");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void An_UntypedActor_becomes_another_receive_method()
    {
        var actor = Sys.ActorOf(Props.Create(() => new UntypedSwitch()));
        actor.Tell("x");
        ExpectMsg("first");
        actor.Tell("toggle");
        actor.Tell("x");
        ExpectMsg("second");
    }

    [Fact]
    public void A_restart_returns_to_the_initial_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("toggle");
        actor.Tell("state");
        ExpectMsg("on");
        actor.Tell("fail");
        actor.Tell("state");
        ExpectMsg("off");
    }
}
