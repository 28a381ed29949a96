using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class KernelSmokeSpecs : TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => Sender.Tell(s));
            ReceiveAsync<int>(async n =>
            {
                await Task.Delay(10);
                Sender.Tell(n + 1);
            });
        }
    }

    [Fact]
    public void An_actor_replies_to_the_implicit_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        echo.Tell("hello");
        ExpectMsg("hello");
        echo.Tell(41);
        ExpectMsg(42);
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal("x", await echo.Ask<string>("x", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_stopped_actor_is_seen_terminated()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(echo);
        echo.Tell(PoisonPill.Instance);
        ExpectTerminated(echo);
    }
}
