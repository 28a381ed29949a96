using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class PipeToSpecs : TestKit
{
    private sealed class Worker : ReceiveActor
    {
        public Worker(IActorRef probe)
        {
            Receive<string>(s => s == "work", _ => Task.Run(() => 6 * 7).PipeTo(Self));
            Receive<string>(s => s == "crash", _ => Task.Run(int () => throw new InvalidOperationException("bad")).PipeTo(Self));
            Receive<int>(n => probe.Tell($"result {n}"));
            Receive<Status.Failure>(f => probe.Tell($"failure {f.Cause.Message}"));
        }
    }

    [Fact]
    public async Task A_successful_task_sends_its_result_with_the_given_sender()
    {
        var probe = CreateTestProbe();
        var sender = CreateTestProbe();
        await Task.FromResult("done").PipeTo(probe.Ref, sender.Ref);
        probe.ExpectMsg("done");
        Assert.Equal(sender.Ref, probe.LastSender);
    }

    [Fact]
    public async Task A_failed_task_sends_Status_Failure_with_the_cause()
    {
        await Task.FromException<string>(new InvalidOperationException("nope")).PipeTo(TestActor);
        var failure = ExpectMsg<Status.Failure>();
        Assert.Equal("nope", failure.Cause.Message);
    }

    [Fact]
    public async Task The_success_and_failure_mappings_shape_the_messages()
    {
        await Task.FromResult(5).PipeTo(TestActor, success: n => $"got {n}");
        ExpectMsg("got 5");
        await Task.FromException<int>(new InvalidOperationException("x")).PipeTo(TestActor, failure: e => $"lost {e.Message}");
        ExpectMsg("lost x");
    }

    [Fact]
    public async Task A_task_without_result_sends_Status_Success()
    {
        await Task.CompletedTask.PipeTo(TestActor);
        ExpectMsg<Status.Success>();
    }

    [Fact]
    public void An_actor_brings_async_work_back_into_its_mailbox_with_PipeTo()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor)));
        worker.Tell("work");
        ExpectMsg("result 42");
        worker.Tell("crash");
        ExpectMsg("failure bad");
    }
}
