using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using ActorFs.Benchmarks.Common;
using ActorFs.Benchmarks.Transfer;
using ActorFs.Client;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.SmallOps;

/// <summary>
/// N concurrent TLS sessions on a warm node, each issuing stat, pwd and ls in turn (one request in flight per
/// session) through the real client library: ops/s and latency percentiles, next to a bare TLS JSON server
/// with the same connection count, request lines and reply sizes. Windows of node and baseline alternate.
/// A third column drives the node with the bare client, to tell the node's share of the cost from the client library's.
/// </summary>
internal static class SmallOpsBenchmark
{
    private static readonly string[] Commands = ["stat", "pwd", "ls"];

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var quick = BenchArgs.Has(args, "--quick");
        var counts = BenchArgs.Value(args, "--sessions") is { } given
            ? given.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : quick ? [1, 100] : [1, 100, 1000];
        var repeats = BenchArgs.Int(args, "--repeats", 3);
        var window = TimeSpan.FromSeconds(BenchArgs.Int(args, "--seconds", quick ? 2 : 4));
        using var scratch = ScratchFolder.Create(args, "actorfs-bench-small-ops");
        var root = scratch.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "d"));
        for (var i = 0; i < EchoServer.Entries; i++) scratch.Generate(Path.Combine("root", "d", $"f{i}.txt"), 4096, seed: i);

        var figures = new Dictionary<string, double>();
        var table = new Table($"sessions (median of {repeats} x {window.TotalSeconds:0} s)", "ActorFs ops/s", "p50 ms", "p99 ms", "bare ops/s", "p50 ms", "p99 ms", "ratio", "bare client->node ops/s");
        await using (var node = await InProcessNode.StartAsync(root, tls: true))
        await using (var echo = new EchoServer(node.Certificate!))
        {
            foreach (var count in counts)
            {
                var clients = await OpenAllAsync(count, _ => ActorFsClient.ConnectAsync(node.ClientOptions()));
                var bare = await OpenAllAsync(count, async _ => await BareSession.OpenAsync(echo.Endpoint, node));
                var raw = await OpenAllAsync(count, async _ => await BareSession.OpenAsync(node.Control, node, hello: true));
                var nodeRuns = new List<Window>();
                var bareRuns = new List<Window>();
                var rawRuns = new List<Window>();
                await MeasureAsync(clients.Select(c => (Func<string, Task>)(cmd => NodeOpAsync(c, cmd))).ToArray(), TimeSpan.FromSeconds(0.5));
                await MeasureAsync(bare.Select(b => (Func<string, Task>)b.OpAsync).ToArray(), TimeSpan.FromSeconds(0.5));
                for (var r = 0; r < repeats; r++)
                {
                    nodeRuns.Add(await MeasureAsync(clients.Select(c => (Func<string, Task>)(cmd => NodeOpAsync(c, cmd))).ToArray(), window));
                    bareRuns.Add(await MeasureAsync(bare.Select(b => (Func<string, Task>)b.OpAsync).ToArray(), window));
                    rawRuns.Add(await MeasureAsync(raw.Select(b => (Func<string, Task>)b.OpAsync).ToArray(), window));
                }
                foreach (var c in clients) await c.DisposeAsync();
                foreach (var b in bare.Concat(raw)) b.Dispose();

                var k = $"s{count}";
                figures[k + "_node_ops_per_s"] = Stats.Median(nodeRuns.Select(w => w.OpsPerSecond));
                figures[k + "_node_p50_ms"] = Stats.Median(nodeRuns.Select(w => w.P50));
                figures[k + "_node_p99_ms"] = Stats.Median(nodeRuns.Select(w => w.P99));
                figures[k + "_bare_ops_per_s"] = Stats.Median(bareRuns.Select(w => w.OpsPerSecond));
                figures[k + "_bare_p50_ms"] = Stats.Median(bareRuns.Select(w => w.P50));
                figures[k + "_bare_p99_ms"] = Stats.Median(bareRuns.Select(w => w.P99));
                figures[k + "_ratio"] = Stats.Ratio(figures[k + "_node_ops_per_s"], figures[k + "_bare_ops_per_s"]);
                figures[k + "_bare_client_node_ops_per_s"] = Stats.Median(rawRuns.Select(w => w.OpsPerSecond));
                figures[k + "_bare_client_node_ratio"] = Stats.Ratio(figures[k + "_bare_client_node_ops_per_s"], figures[k + "_bare_ops_per_s"]);
                table.Add(count.ToString("N0", CultureInfo.InvariantCulture),
                    F0(figures[k + "_node_ops_per_s"]), F2(figures[k + "_node_p50_ms"]), F2(figures[k + "_node_p99_ms"]),
                    F0(figures[k + "_bare_ops_per_s"]), F2(figures[k + "_bare_p50_ms"]), F2(figures[k + "_bare_p99_ms"]),
                    F2(figures[k + "_ratio"]) + (count == 100 ? " (target >= 0.70)" : ""),
                    F0(figures[k + "_bare_client_node_ops_per_s"]) + " (" + F2(figures[k + "_bare_client_node_ratio"]) + ")");
            }
        }
        figures["repeats"] = repeats;
        figures["window_s"] = window.TotalSeconds;
        figures["cores"] = Environment.ProcessorCount;
        Console.WriteLine($"small-ops: stat/pwd/ls in turn, ls of {EchoServer.Entries} entries, TLS, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {TransferBenchmark.LoadAverage()}");
        table.Print(Console.Out);
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "small-ops", figures }));
        return 0;
    }

    private static async Task NodeOpAsync(ActorFsClient client, string command)
    {
        switch (command)
        {
            case "stat":
                await client.StatAsync("/d/f0.txt");
                break;
            case "pwd":
                await client.PwdAsync();
                break;
            default:
                await client.ListAsync("/d");
                break;
        }
    }

    /// <summary>Opens <paramref name="count"/> sessions, at most 32 handshakes at a time.</summary>
    internal static async Task<T[]> OpenAllAsync<T>(int count, Func<int, Task<T>> open)
    {
        var opened = new T[count];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                opened[i] = await open(i);
            }
            finally
            {
                gate.Release();
            }
        }));
        return opened;
    }

    private static async Task<Window> MeasureAsync(Func<string, Task>[] sessions, TimeSpan duration)
    {
        var latencies = new List<long>[sessions.Length];
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        await Task.WhenAll(sessions.Select((op, i) => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<long>(4096);
            var n = i;
            while (clock.ElapsedTicks < end)
            {
                var start = Stopwatch.GetTimestamp();
                await op(Commands[n++ % Commands.Length]);
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Ms(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new Window(all.Length / seconds, Ms(0.50), Ms(0.99));
    }

    private static string F0(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    private static string F2(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record Window(double OpsPerSecond, double P50, double P99);

    /// <summary>One bare TLS connection to the echo server, one request in flight, replies parsed with JsonDocument as a client would.</summary>
    private sealed class BareSession : IDisposable
    {
        private readonly SslStream _ssl;
        private readonly LineStream _lines;
        private long _id;

        private BareSession(SslStream ssl)
        {
            _ssl = ssl;
            _lines = new LineStream(ssl);
        }

        /// <param name="hello">Send hello first: the peer is the node (bare client, real node) rather than the echo server.</param>
        public static async Task<BareSession> OpenAsync(System.Net.IPEndPoint endpoint, InProcessNode node, bool hello = false)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endpoint);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await ssl.AuthenticateAsClientAsync(TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(node.Certificate!)));
            var session = new BareSession(ssl);
            if (hello)
            {
                await ssl.WriteAsync("{\"id\":0,\"command\":\"hello\",\"protocol\":2,\"client\":\"actorfs-bench\"}\n"u8.ToArray());
                await session._lines.ReadLineAsync();
            }
            return session;
        }

        public async Task OpAsync(string command)
        {
            var id = ++_id;
            await _ssl.WriteAsync(EchoServer.Request(command, id));
            var line = await _lines.ReadLineAsync();
            using var reply = JsonDocument.Parse(line);
            if (reply.RootElement.GetProperty("id").GetInt64() != id) throw new InvalidDataException("The echo server answered another request.");
        }

        public void Dispose() => _ssl.Dispose();
    }
}
