using System.Diagnostics;
using ActorFs.Actors;

namespace ActorFs.Benchmarks.Actors;

/// <summary>
/// Pairs of actors bouncing one preallocated message object: each pinger keeps a burst of messages in
/// flight and sends another for every reply until its quota is done. A message counts once, when a handler receives it.
/// </summary>
internal static class ActorPingPong
{
    private static readonly object Ping = new();

    /// <summary>One exchange: its rate, and the managed bytes allocated by every thread while it ran, per message.</summary>
    public readonly record struct Result(double MessagesPerSecond, double AllocatedBytesPerMessage);

    public static double MessagesPerSecond(int pairs, long messagesPerPair, int burst, int throughput) =>
        Exchange(pairs, messagesPerPair, burst, throughput).MessagesPerSecond;

    public static Result Exchange(int pairs, long messagesPerPair, int burst, int throughput)
    {
        using var system = ActorSystem.Create("bench", ActorSystemSettings.Default with { Throughput = throughput });
        var done = new CountdownEvent(pairs);
        var pingers = new List<IActorRef>();
        var all = new List<IActorRef>();
        for (var i = 0; i < pairs; i++)
        {
            var ponger = system.ActorOf(Props.Create(() => new Ponger()));
            all.Add(ponger);
            pingers.Add(system.ActorOf(Props.Create(() => new Pinger(ponger, messagesPerPair, burst, done))));
            all.Add(pingers[^1]);
        }
        // Every actor has been created and started before the clock starts: the exchange alone is measured.
        while (all.Any(p => ((LocalActorRef)p).Cell.Actor is null)) Thread.Yield();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        foreach (var pinger in pingers) pinger.Tell(Start.Instance, null);
        done.Wait();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var messages = pairs * messagesPerPair;
        return new Result(messages / watch.Elapsed.TotalSeconds, allocated / (double)messages);
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    /// <summary>Counts replies it receives and the pings its ponger receives, so both handlers' messages count.</summary>
    private sealed class Pinger(IActorRef ponger, long quota, int burst, CountdownEvent done) : UntypedActor
    {
        private long _sent;
        private long _received;

        protected override void OnReceive(object message)
        {
            if (message is Start)
            {
                for (var i = 0; i < burst; i++) Send();
                return;
            }
            _received += 2;
            if (_received >= quota) done.Signal();
            else if (_sent < quota / 2) Send();
        }

        private void Send()
        {
            _sent++;
            ponger.Tell(Ping, Self);
        }
    }
}
