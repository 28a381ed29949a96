using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using ActorFs.Benchmarks.Common;
using ActorFs.Benchmarks.Transfer;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.Sessions;

/// <summary>
/// Many concurrent idle TLS sessions: resident memory per session and handshakes per second, for the node and
/// for a bare SslStream accept loop. Each server runs in its own child process, so its RSS (VmRSS, read before
/// and after the sessions open) holds nothing but that server; the TLS clients run in a third process.
/// </summary>
internal static partial class SessionsBenchmark
{
    /// <summary>One node setting for the node server, "key=value" (e.g. actorfs.io.read-buffer-size=4KiB), to see what it changes.</summary>
    private static string? NodeSetting { get; set; }

    public static int Run(string[] args)
    {
        if (BenchArgs.Value(args, "--server-child") is { } kind) return ServerChild(kind, args).GetAwaiter().GetResult();
        if (BenchArgs.Value(args, "--client-child") is { } port) return ClientChild(int.Parse(port, CultureInfo.InvariantCulture), args).GetAwaiter().GetResult();

        var quick = BenchArgs.Has(args, "--quick");
        NodeSetting = BenchArgs.Value(args, "--set");
        var count = BenchArgs.Int(args, "--count", quick ? 2_000 : 10_000);
        var repeats = BenchArgs.Int(args, "--repeats", quick ? 1 : 3);
        var (soft, hard) = FileLimit();
        var figures = new Dictionary<string, double>();
        var runs = new Dictionary<string, List<(double BytesEach, double Handshakes)>> { ["node"] = [], ["bare"] = [] };
        for (var r = 0; r < repeats; r++)
        {
            foreach (var server in new[] { "node", "bare" }) runs[server].Add(MeasureOne(server, count, quick));
        }
        foreach (var (server, list) in runs)
        {
            figures[server + "_rss_bytes_per_session"] = Stats.Median(list.Select(x => x.BytesEach));
            figures[server + "_handshakes_per_s"] = Stats.Median(list.Select(x => x.Handshakes));
        }
        figures["rss_ratio"] = Stats.Ratio(figures["node_rss_bytes_per_session"], figures["bare_rss_bytes_per_session"]);
        figures["handshake_ratio"] = Stats.Ratio(figures["node_handshakes_per_s"], figures["bare_handshakes_per_s"]);
        figures["sessions"] = count;
        figures["repeats"] = repeats;
        figures["fd_soft_limit"] = soft;
        figures["fd_hard_limit"] = hard;
        figures["cores"] = Environment.ProcessorCount;

        Console.WriteLine($"sessions: {count:N0} idle TLS sessions, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, {TransferBenchmark.LoadAverage()}{(NodeSetting is null ? "" : ", node with " + NodeSetting)}");
        Console.WriteLine(soft >= count + 256
            ? $"fd limit: ulimit -n is {soft} (hard {hard}), enough for {count:N0} sessions (each process holds one end of each)."
            : $"fd limit: ulimit -n is {soft} (hard {hard}); it LIMITS the count: {count:N0} sessions need about {count + 256}. Children raise their soft limit to the hard one.");
        var table = new Table($"case (median of {repeats})", "ActorFs", "bare SslStream", "ratio", "target");
        table.Add("RSS per idle session (KiB)", F1(figures["node_rss_bytes_per_session"] / 1024), F1(figures["bare_rss_bytes_per_session"] / 1024), F2(figures["rss_ratio"]), "ActorFs <= 64 KiB");
        table.Add("TLS handshakes per second", F0(figures["node_handshakes_per_s"]), F0(figures["bare_handshakes_per_s"]), F2(figures["handshake_ratio"]), ">= 0.80");
        table.Print(Console.Out);
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "sessions", figures }));
        return 0;
    }

    private static (double BytesEach, double Handshakes) MeasureOne(string server, int count, bool quick)
    {
        string[] serverArgs = ["sessions", "--server-child", server, "--count", count.ToString(CultureInfo.InvariantCulture)];
        if (NodeSetting is { } setting) serverArgs = [.. serverArgs, "--set", setting];
        using var serverProcess = StartChild(serverArgs, redirectInput: true);
        var ready = ReadTagged(serverProcess, "SERVER");
        var port = int.Parse(ready[0], CultureInfo.InvariantCulture);
        var rssBefore = long.Parse(ready[1], CultureInfo.InvariantCulture);
        using var clientProcess = StartChild(["sessions", "--client-child", port.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture)], redirectInput: true);
        var opened = ReadTagged(clientProcess, "OPEN");
        var handshakes = double.Parse(opened[0], CultureInfo.InvariantCulture);
        serverProcess.StandardInput.WriteLine("measure");
        var rssAfter = long.Parse(ReadTagged(serverProcess, "RSS")[0], CultureInfo.InvariantCulture);
        clientProcess.StandardInput.WriteLine("quit");
        serverProcess.StandardInput.WriteLine("quit");
        clientProcess.WaitForExit(30_000);
        serverProcess.WaitForExit(30_000);
        return ((rssAfter - rssBefore) / (double)count, handshakes);
    }

    private static Process StartChild(string[] arguments, bool redirectInput)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = redirectInput, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        // Under "dotnet x.dll" the host needs the dll; the apphost (what dotnet run starts) does not.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet" && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(entry);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start a child process.");
    }

    /// <summary>Reads the child's output up to a line "TAG a b ..." and returns a, b, ...</summary>
    private static string[] ReadTagged(Process child, string tag)
    {
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return line[(tag.Length + 1)..].Split(' ');
            Console.Error.WriteLine($"  [{tag.ToLowerInvariant()} child] {line}");
        }
        throw new InvalidOperationException($"The child process ended before it reported {tag}.");
    }

    private static async Task<int> ServerChild(string kind, string[] args)
    {
        RaiseFileLimit();
        var count = BenchArgs.Int(args, "--count", 10_000);
        using var scratch = ScratchFolder.Create(args, "actorfs-bench-sessions");
        InProcessNode? node = null;
        BareAcceptLoop? bare = null;
        int port;
        if (kind == "node")
        {
            var overrides = new Dictionary<string, string>
            {
                ["actorfs.node.max-sessions"] = (count + 100).ToString(CultureInfo.InvariantCulture),
            };
            if (BenchArgs.Value(args, "--set") is { } setting && setting.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq)
            {
                overrides[setting[..eq]] = setting[(eq + 1)..];
            }
            node = await InProcessNode.StartAsync(scratch.Combine("root"), tls: true, overrides);
            port = node.Control.Port;
        }
        else
        {
            using var certificateNode = new ScratchCertificate(scratch);
            bare = new BareAcceptLoop(certificateNode.Certificate);
            port = bare.Port;
        }
        Console.WriteLine($"SERVER {port} {SettledRss()}");
        while (Console.ReadLine() is { } command)
        {
            if (command == "measure") Console.WriteLine($"RSS {SettledRss()}");
            else if (command == "quit") break;
        }
        if (node is not null) await node.DisposeAsync();
        if (bare is not null) await bare.DisposeAsync();
        return 0;
    }

    private static async Task<int> ClientChild(int port, string[] args)
    {
        RaiseFileLimit();
        var count = BenchArgs.Int(args, "--count", 10_000);
        var streams = new SslStream[count];
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
                await ssl.AuthenticateAsClientAsync(TlsOptions.ForClient(ServerCertificatePolicy.Insecure));
                streams[i] = ssl;
            }
            finally
            {
                gate.Release();
            }
        }));
        var rate = count / clock.Elapsed.TotalSeconds;
        // Let the server finish its side of the last handshakes before it is measured.
        await Task.Delay(1000);
        Console.WriteLine($"OPEN {rate.ToString("R", CultureInfo.InvariantCulture)}");
        while (Console.ReadLine() is { } command && command != "quit")
        {
        }
        foreach (var s in streams) s.Dispose();
        return 0;
    }

    /// <summary>VmRSS in bytes after a full, compacting collection, so that garbage does not count.</summary>
    private static long SettledRss()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            Thread.Sleep(200);
        }
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    private static (long Soft, long Hard) FileLimit()
    {
        return getrlimit(RlimitNofile, out var limit) == 0 ? ((long)limit.Current, (long)limit.Max) : (-1, -1);
    }

    private static void RaiseFileLimit()
    {
        if (getrlimit(RlimitNofile, out var limit) == 0 && limit.Current < limit.Max)
        {
            limit.Current = limit.Max;
            _ = setrlimit(RlimitNofile, ref limit);
        }
    }

    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref RLimit limit);

    private static string F0(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    private static string F1(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string F2(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
