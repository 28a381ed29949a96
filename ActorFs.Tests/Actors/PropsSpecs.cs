using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class PropsSpecs : TestKit
{
    public PropsSpecs() : base(ActorSystemSettings.Default with { Dispatchers = new Dictionary<string, int> { ["io-dispatcher"] = 1 } }) { }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    public sealed class WithArguments : ReceiveActor
    {
        public WithArguments(string greeting, int times) => ReceiveAny(_ => Sender.Tell(string.Concat(Enumerable.Repeat(greeting, times))));
    }

    private sealed class Failing : ReceiveActor
    {
        public Failing(IActorRef probe)
        {
            probe.Tell("constructed");
            Receive<string>(_ => throw new InvalidOperationException("fail"));
        }
    }

    [Fact]
    public void A_restart_runs_the_constructor_again_through_the_props()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Failing(TestActor)));
        ExpectMsg("constructed");
        actor.Tell("fail");
        ExpectMsg("constructed");
    }

    [Fact]
    public void A_factory_closure_is_called_once_per_incarnation()
    {
        var calls = 0;
        var actor = Sys.ActorOf(Props.Create(() =>
        {
            Interlocked.Increment(ref calls);
            return new Failing(TestActor);
        }));
        ExpectMsg("constructed");
        actor.Tell("fail");
        ExpectMsg("constructed");
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public void Create_by_type_passes_the_arguments_to_the_matching_constructor()
    {
        var actor = Sys.ActorOf(Props.Create(typeof(WithArguments), "ab", 3));
        actor.Tell("go");
        ExpectMsg("ababab");
    }

    [Fact]
    public void Create_by_type_rejects_a_type_that_is_not_an_actor()
    {
        Assert.Throws<ArgumentException>(() => Props.Create(typeof(string)));
    }

    [Fact]
    public void With_methods_return_new_props_and_leave_the_original_unchanged()
    {
        var props = Props.Create(() => new Echo());
        var other = props.WithDispatcher("io-dispatcher").WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy);
        Assert.Null(props.Dispatcher);
        Assert.Null(props.SupervisorStrategy);
        Assert.Equal("io-dispatcher", other.Dispatcher);
        Assert.Same(SupervisorStrategy.StoppingStrategy, other.SupervisorStrategy);
        Assert.Equal(typeof(Echo), other.ActorType);
    }

    [Fact]
    public void WithDispatcher_runs_the_actor_on_a_configured_dispatcher()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Echo()).WithDispatcher("io-dispatcher"));
        actor.Tell("hi");
        ExpectMsg("hi");
    }

    [Fact]
    public void WithDispatcher_naming_an_unknown_dispatcher_fails_at_ActorOf()
    {
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new Echo()).WithDispatcher("nowhere")));
    }

    [Fact]
    public void WithSupervisorStrategy_decides_for_the_actors_children()
    {
        var resume = new OneForOneStrategy(_ => Directive.Resume);
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Props.Create(() => new Worker(TestActor, "worker")))).WithSupervisorStrategy(resume));
        ExpectMsg("worker-created");
        ExpectMsg("pre-start");
        var child = parent.ChildOf();
        child.Tell("one");
        child.Tell("fail");
        child.Tell("state");
        ExpectMsg(1);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Constructing_an_actor_outside_ActorOf_throws_ActorInitializationException()
    {
        Assert.Throws<ActorInitializationException>(() => new Echo());
    }
}
