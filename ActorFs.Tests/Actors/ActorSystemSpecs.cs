using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class ActorSystemSpecs : TestKit
{
    private sealed class Quiet : ReceiveActor
    {
        public Quiet() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class ReportsParent : ReceiveActor
    {
        public ReportsParent() => ReceiveAny(_ => Sender.Tell(Context.Parent.Path.ToString()));
    }

    private sealed class SignalsStop(TaskCompletionSource stopped) : ReceiveActor
    {
        protected override void PostStop() => stopped.TrySetResult();
    }

    [Fact]
    public void Top_level_actors_live_under_the_user_guardian()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ReportsParent()), "top");
        Assert.Equal("akka://test/user/top", actor.Path.ToString());
        actor.Tell("who");
        ExpectMsg("akka://test/user");
    }

    [Theory]
    [InlineData("")]
    [InlineData("$reserved")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("ünïcode")]
    public void An_invalid_actor_name_throws_InvalidActorNameException(string name)
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Quiet()), name));
    }

    [Fact]
    public void A_name_already_taken_by_a_sibling_throws_InvalidActorNameException()
    {
        Sys.ActorOf(Props.Create(() => new Quiet()), "twin");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Quiet()), "twin"));
    }

    [Fact]
    public void Auto_generated_names_start_with_a_dollar_and_are_unique()
    {
        var a = Sys.ActorOf(Props.Create(() => new Quiet()));
        var b = Sys.ActorOf(Props.Create(() => new Quiet()));
        Assert.StartsWith("$", a.Path.Name, StringComparison.Ordinal);
        Assert.StartsWith("$", b.Path.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Path.Name, b.Path.Name);
    }

    [Fact]
    public void Names_with_Akkas_allowed_symbols_are_accepted()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Quiet()), "a-b_c.d*e+f:g@h&i=j,k!l~m';");
        Assert.Equal("a-b_c.d*e+f:g@h&i=j,k!l~m';", actor.Path.Name);
    }

    [Fact]
    public void An_invalid_system_name_throws()
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("no spaces"));
    }

    [Fact]
    public void Stop_stops_a_top_level_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Quiet()));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void A_name_is_free_again_once_its_actor_has_stopped()
    {
        var first = Sys.ActorOf(Props.Create(() => new Quiet()), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitAssert(() => Sys.ActorOf(Props.Create(() => new Quiet()), "reused"));
    }

    [Fact]
    public void Two_incarnations_under_one_path_are_different_references()
    {
        var first = Sys.ActorOf(Props.Create(() => new Quiet()), "again");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create(() => new Quiet()), "again"));
        Assert.Equal(first.Path, second!.Path);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Terminate_stops_every_actor_and_completes_WhenTerminated()
    {
        using var system = ActorSystem.Create("terminating");
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new SignalsStop(stopped)), "stops");
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopped.Task.IsCompleted);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public void The_system_offers_its_scheduler_dead_letters_event_stream_and_log()
    {
        Assert.NotNull(Sys.Scheduler);
        Assert.NotNull(Sys.EventStream);
        Assert.NotNull(Sys.Log);
        Assert.Equal("akka://test/deadLetters", Sys.DeadLetters.Path.ToString());
        Assert.Equal("test", Sys.Name);
    }
}
