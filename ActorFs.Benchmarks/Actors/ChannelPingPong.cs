using System.Diagnostics;
using System.Threading.Channels;

namespace ActorFs.Benchmarks.Actors;

/// <summary>
/// The baseline for <see cref="ActorPingPong"/>: the same exchange between pairs of async loops connected
/// by unbounded System.Threading.Channels, each loop draining what is queued before awaiting again.
/// </summary>
internal static class ChannelPingPong
{
    private static readonly object Ping = new();
    private static readonly UnboundedChannelOptions Options = new() { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false };

    public static double MessagesPerSecond(int pairs, long messagesPerPair, int burst)
    {
        var watch = Stopwatch.StartNew();
        var tasks = new Task[pairs * 2];
        for (var i = 0; i < pairs; i++)
        {
            var toPonger = Channel.CreateUnbounded<object>(Options);
            var toPinger = Channel.CreateUnbounded<object>(Options);
            tasks[2 * i] = Task.Run(() => Ponger(toPonger.Reader, toPinger.Writer, messagesPerPair / 2));
            tasks[2 * i + 1] = Task.Run(() => Pinger(toPinger.Reader, toPonger.Writer, messagesPerPair, burst));
        }
        Task.WaitAll(tasks);
        watch.Stop();
        return pairs * messagesPerPair / watch.Elapsed.TotalSeconds;
    }

    private static async Task Ponger(ChannelReader<object> inbox, ChannelWriter<object> replies, long expected)
    {
        long received = 0;
        while (received < expected && await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out var message))
            {
                received++;
                replies.TryWrite(message);
            }
        }
    }

    private static async Task Pinger(ChannelReader<object> inbox, ChannelWriter<object> pings, long quota, int burst)
    {
        long sent = 0, received = 0;
        for (var i = 0; i < burst; i++, sent++) pings.TryWrite(Ping);
        while (received < quota && await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out _))
            {
                received += 2;
                if (sent < quota / 2)
                {
                    sent++;
                    pings.TryWrite(Ping);
                }
            }
        }
    }

    /// <summary>Parks <paramref name="count"/> loops each awaiting its own empty channel, as idle actors wait for mail.</summary>
    public static (List<Channel<object>> Channels, List<Task> Loops) ParkLoops(int count)
    {
        var channels = new List<Channel<object>>(count);
        var loops = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var channel = Channel.CreateUnbounded<object>(Options);
            channels.Add(channel);
            loops.Add(DrainLoop(channel.Reader));
        }
        return (channels, loops);
    }

    private static async Task DrainLoop(ChannelReader<object> inbox)
    {
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out _)) { }
        }
    }
}
