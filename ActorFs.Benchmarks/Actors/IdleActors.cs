using System.Diagnostics;
using ActorFs.Actors;

namespace ActorFs.Benchmarks.Actors;

/// <summary>Memory per idle actor and the rate of creating and stopping many, next to parked channel loops.</summary>
internal static class IdleActors
{
    public sealed record Result(double BytesEach, double CreatedPerSecond, double StopSeconds);

    public static Result Actors(int count)
    {
        var system = ActorSystem.Create("idle");
        try
        {
            var started = new CountdownEvent(count);
            var before = FullGcBytes();
            var watch = Stopwatch.StartNew();
            var refs = new IActorRef[count];
            for (var i = 0; i < count; i++) refs[i] = system.ActorOf(Props.Create(() => new Idle(started)));
            started.Wait();
            var createRate = count / watch.Elapsed.TotalSeconds;
            var after = FullGcBytes();
            GC.KeepAlive(refs);
            var stopWatch = Stopwatch.StartNew();
            system.Terminate().Wait();
            return new Result((after - before) / (double)count, createRate, stopWatch.Elapsed.TotalSeconds);
        }
        finally
        {
            system.Dispose();
        }
    }

    public static Result Channels(int count)
    {
        var before = FullGcBytes();
        var watch = Stopwatch.StartNew();
        var (channels, loops) = ChannelPingPong.ParkLoops(count);
        var createRate = count / watch.Elapsed.TotalSeconds;
        var after = FullGcBytes();
        var stopWatch = Stopwatch.StartNew();
        foreach (var channel in channels) channel.Writer.Complete();
        Task.WaitAll(loops);
        return new Result((after - before) / (double)count, createRate, stopWatch.Elapsed.TotalSeconds);
    }

    private static long FullGcBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class Idle : ActorBase
    {
        private readonly CountdownEvent _started;

        public Idle(CountdownEvent started) => _started = started;

        protected override void PreStart() => _started.Signal();

        protected override bool Receive(object message) => true;
    }
}
