using ActorFs.Actors;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.Actors;

public sealed class MailboxOrderingSpecs : TestKit
{
    private const int Senders = 8;
    private const int PerSender = 100_000;

    public sealed record Outcome(long Total, int Violations, int MaxConcurrency);

    /// <summary>Counts messages encoded as (sender << 32 | sequence) and checks each sender's sequence is 0, 1, 2, ...</summary>
    private sealed class Checker : ReceiveActor
    {
        private readonly long[] _next = new long[Senders];
        private long _total;
        private int _violations;
        private int _inside;
        private int _maxInside;

        public Checker(IActorRef report, long expected)
        {
            Receive<long>(m =>
            {
                var inside = Interlocked.Increment(ref _inside);
                if (inside > _maxInside) _maxInside = inside;
                var sender = (int)(m >> 32);
                var sequence = m & 0xFFFF_FFFF;
                if (sequence != _next[sender]) _violations++;
                _next[sender] = sequence + 1;
                if (++_total == expected) report.Tell(new Outcome(_total, _violations, _maxInside));
                Interlocked.Decrement(ref _inside);
            });
        }
    }

    private sealed class Collector : ReceiveActor
    {
        private readonly List<int> _seen = [];

        public Collector(IActorRef report, int expected) => Receive<int>(n =>
        {
            _seen.Add(n);
            if (_seen.Count == expected) report.Tell(_seen.ToArray());
        });
    }

    private sealed class Completes : ReceiveActor
    {
        public Completes(TaskCompletionSource<int[]> done) => Receive<int[]>(done.TrySetResult);
    }

    private sealed class Busy : ReceiveActor
    {
        public Busy()
        {
            var count = 0;
            Receive<int>(_ => count++);
            Receive<string>(s => Sender.Tell(count));
        }
    }

    [Fact]
    public void Eight_concurrent_senders_of_100000_messages_each_lose_nothing_and_keep_each_senders_order()
    {
        var checker = Sys.ActorOf(Props.Create(() => new Checker(TestActor, (long)Senders * PerSender)));
        using var start = new Barrier(Senders);
        var threads = Enumerable.Range(0, Senders).Select(s => new Thread(() =>
        {
            start.SignalAndWait();
            var high = (long)s << 32;
            for (long i = 0; i < PerSender; i++) checker.Tell(high | i, ActorRefs.NoSender);
        })).ToList();
        threads.ForEach(t => t.Start());
        var outcome = ExpectMsg<Outcome>(TimeSpan.FromSeconds(30));
        threads.ForEach(t => t.Join());
        Assert.Equal((long)Senders * PerSender, outcome.Total);
        Assert.Equal(0, outcome.Violations);
        Assert.Equal(1, outcome.MaxConcurrency);
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_sent()
    {
        var collector = Sys.ActorOf(Props.Create(() => new Collector(TestActor, 1000)));
        for (var i = 0; i < 1000; i++) collector.Tell(i);
        Assert.Equal(Enumerable.Range(0, 1000), ExpectMsg<int[]>());
    }

    [Fact]
    public async Task A_throughput_of_one_still_processes_every_message_in_order()
    {
        var system = ActorSystem.Create("throughput", ActorSystemSettings.Default with { Throughput = 1 });
        try
        {
            var report = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reporter = system.ActorOf(Props.Create(() => new Completes(report)));
            var collector = system.ActorOf(Props.Create(() => new Collector(reporter, 500)));
            for (var i = 0; i < 500; i++) collector.Tell(i, ActorRefs.NoSender);
            var seen = await report.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(Enumerable.Range(0, 500), seen);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void Many_actors_each_process_all_their_messages()
    {
        var actors = Enumerable.Range(0, 200).Select(_ => Sys.ActorOf(Props.Create(() => new Busy()))).ToArray();
        Parallel.ForEach(actors, a =>
        {
            for (var i = 0; i < 1000; i++) a.Tell(i, ActorRefs.NoSender);
        });
        foreach (var a in actors) a.Tell("count");
        var counts = ReceiveN(200, TimeSpan.FromSeconds(20)).Cast<int>();
        Assert.All(counts, c => Assert.Equal(1000, c));
    }
}
