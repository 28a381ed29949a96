using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class AskSpecs : TestKit
{
    public AskSpecs() : base(VirtualTime(ActorSystemSettings.Default with { AskTimeout = TimeSpan.FromSeconds(10) })) { }

    private sealed class Replier : ReceiveActor
    {
        public Replier()
        {
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("refused"))));
            Receive<string>(s => s == "silent", _ => { });
            Receive<string>(s => Sender.Tell(s.ToUpperInvariant()));
            Receive<int>(n => Sender.Tell(n * 2));
        }
    }

    private IActorRef NewReplier() => Sys.ActorOf(Props.Create(() => new Replier()));

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        Assert.Equal("HELLO", await NewReplier().Ask<string>("hello").WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(42, await NewReplier().Ask<int>(21).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_Status_Failure_reply_faults_the_task_with_its_cause()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => NewReplier().Ask<string>("fail").WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("refused", e.Message);
    }

    [Fact]
    public async Task A_reply_of_another_type_faults_the_task_with_InvalidCastException()
    {
        await Assert.ThrowsAsync<InvalidCastException>(() => NewReplier().Ask<int>("text").WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_times_out_in_virtual_time_with_AskTimeoutException()
    {
        var task = NewReplier().Ask<string>("silent", TimeSpan.FromSeconds(3));
        Scheduler.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.False(task.IsCompleted);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_without_a_timeout_uses_the_configured_ask_timeout()
    {
        var task = NewReplier().Ask<string>("silent");
        Scheduler.Advance(TimeSpan.FromSeconds(9));
        Assert.False(task.IsCompleted);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_to_a_dead_actor_fails_at_once()
    {
        var replier = NewReplier();
        Watch(replier);
        Sys.Stop(replier);
        ExpectTerminated(replier);
        var task = replier.Ask<string>("hello", TimeSpan.FromMinutes(1));
        Assert.True(task.IsFaulted);
        await Assert.ThrowsAsync<AskTimeoutException>(() => task);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_ask()
    {
        using var cts = new CancellationTokenSource();
        var task = NewReplier().Ask<string>("silent", TimeSpan.FromMinutes(1), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_reply_is_sent_to_a_temporary_reference_not_to_the_test_actor()
    {
        Assert.Equal("X", await NewReplier().Ask<string>("x").WaitAsync(TimeSpan.FromSeconds(5)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }
}
