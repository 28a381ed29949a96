using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorFs.Benchmarks.Common;

namespace ActorFs.Benchmarks.Actors;

/// <summary>
/// The kernel benchmark: ping-pong throughput (1 and 8 pairs, bursts of 100, throughput 30), bytes per idle
/// actor, creation rate and time to stop, each next to a System.Threading.Channels baseline doing the same
/// work in the same run. The 1-pair case is noisy within one process, so it runs in several child processes.
/// </summary>
internal static class ActorsBenchmark
{
    private const int Burst = 100;
    private const int Throughput = 30;
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static int Run(string[] args)
    {
        var quick = BenchArgs.Has(args, "--quick");
        if (BenchArgs.Value(args, "--one-pair-child") is { } which) return RunOnePairChild(which, quick);

        var repeats = BenchArgs.Int(args, "--repeats", quick ? 3 : 3);
        var perPair = quick ? 2_000_000L : 10_000_000L;
        var idleCount = BenchArgs.Int(args, "--actors", 100_000);

        // --only pairs8|pairs1|idle runs one case (the others print NaN), for profiling.
        var only = BenchArgs.Value(args, "--only");
        bool Runs(string name) => only is null || only == name;

        Warmup();
        // Each repeat runs the actor case and then its baseline, so that both see the same machine load.
        var eightActorRuns = new List<ActorPingPong.Result>();
        var eightChannel = new List<double>();
        var oneActor = new List<double>();
        var oneChannel = new List<double>();
        var idleActor = new List<IdleActors.Result>();
        var idleChannel = new List<IdleActors.Result>();
        for (var i = 0; i < repeats; i++)
        {
            if (Runs("pairs8"))
            {
                eightActorRuns.Add(ActorPingPong.Exchange(8, perPair, Burst, Throughput));
                eightChannel.Add(ChannelPingPong.MessagesPerSecond(8, perPair, Burst));
            }
            if (Runs("pairs1"))
            {
                oneActor.Add(OnePairInChildProcess("actor", quick));
                oneChannel.Add(OnePairInChildProcess("channel", quick));
            }
            if (Runs("idle"))
            {
                idleActor.Add(IdleActors.Actors(idleCount));
                idleChannel.Add(IdleActors.Channels(idleCount));
            }
        }
        var eightActor = eightActorRuns.Select(r => r.MessagesPerSecond).ToArray();

        var figures = new Dictionary<string, double>
        {
            ["pairs8_actor_msgs_per_s"] = Stats.Median(eightActor),
            ["pairs8_channel_msgs_per_s"] = Stats.Median(eightChannel),
            ["pairs8_actor_alloc_bytes_per_msg"] = Stats.Median(eightActorRuns.Select(r => r.AllocatedBytesPerMessage)),
            ["pairs1_actor_msgs_per_s"] = Stats.Median(oneActor),
            ["pairs1_channel_msgs_per_s"] = Stats.Median(oneChannel),
            ["idle_actor_bytes_each"] = Stats.Median(idleActor.Select(r => r.BytesEach)),
            ["idle_channel_bytes_each"] = Stats.Median(idleChannel.Select(r => r.BytesEach)),
            ["create_actor_per_s"] = Stats.Median(idleActor.Select(r => r.CreatedPerSecond)),
            ["create_channel_per_s"] = Stats.Median(idleChannel.Select(r => r.CreatedPerSecond)),
            ["stop_actor_s"] = Stats.Median(idleActor.Select(r => r.StopSeconds)),
            ["stop_channel_s"] = Stats.Median(idleChannel.Select(r => r.StopSeconds)),
        };
        figures["pairs8_ratio"] = Stats.Ratio(figures["pairs8_actor_msgs_per_s"], figures["pairs8_channel_msgs_per_s"]);
        figures["pairs1_ratio"] = Stats.Ratio(figures["pairs1_actor_msgs_per_s"], figures["pairs1_channel_msgs_per_s"]);
        figures["idle_bytes_ratio"] = Stats.Ratio(figures["idle_actor_bytes_each"], figures["idle_channel_bytes_each"]);
        figures["create_ratio"] = Stats.Ratio(figures["create_actor_per_s"], figures["create_channel_per_s"]);

        var table = new Table("case (median of " + repeats + ")", "ActorFs", "Channels", "ratio");
        table.Add("ping-pong, 8 pairs (M msg/s)", M(figures["pairs8_actor_msgs_per_s"]), M(figures["pairs8_channel_msgs_per_s"]), R(figures["pairs8_ratio"]));
        table.Add("8 pairs, bytes allocated per message", figures["pairs8_actor_alloc_bytes_per_msg"].ToString("0.000", CultureInfo.InvariantCulture), "", "");
        table.Add("ping-pong, 1 pair (M msg/s)", M(figures["pairs1_actor_msgs_per_s"]), M(figures["pairs1_channel_msgs_per_s"]), R(figures["pairs1_ratio"]));
        table.Add($"idle, managed bytes each ({idleCount:N0})", F(figures["idle_actor_bytes_each"]), F(figures["idle_channel_bytes_each"]), R(figures["idle_bytes_ratio"]));
        table.Add("creating and starting (k/s)", F(figures["create_actor_per_s"] / 1000), F(figures["create_channel_per_s"] / 1000), R(figures["create_ratio"]));
        table.Add("stopping all (s)", figures["stop_actor_s"].ToString("0.000", CultureInfo.InvariantCulture), figures["stop_channel_s"].ToString("0.000", CultureInfo.InvariantCulture), "");
        Console.WriteLine($"actors: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, burst {Burst}, throughput {Throughput}");
        table.Print(Console.Out);
        figures["cores"] = Environment.ProcessorCount;
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "actors", figures }, JsonOptions));
        return 0;
    }

    private static void Warmup()
    {
        ActorPingPong.MessagesPerSecond(2, 200_000, Burst, Throughput);
        ChannelPingPong.MessagesPerSecond(2, 200_000, Burst);
    }

    private static double[] Repeat(int count, Func<double> measure) => Enumerable.Range(0, count).Select(_ => measure()).ToArray();

    private static int RunOnePairChild(string which, bool quick)
    {
        var perPair = quick ? 2_000_000L : 10_000_000L;
        Warmup();
        var rate = which == "actor"
            ? ActorPingPong.MessagesPerSecond(1, perPair, Burst, Throughput)
            : ChannelPingPong.MessagesPerSecond(1, perPair, Burst);
        Console.WriteLine(rate.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    private static double OnePairInChildProcess(string which, bool quick)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        // Under the apphost the process is the benchmark itself; under `dotnet x.dll` the dll is its first argument.
        var isMuxer = Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (isMuxer && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(entry);
        foreach (var a in new[] { "actors", "--one-pair-child", which }) start.ArgumentList.Add(a);
        if (quick) start.ArgumentList.Add("--quick");
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"The one-pair child ({which}) printed nothing; exit code {child.ExitCode}.");
        return double.Parse(last, CultureInfo.InvariantCulture);
    }

    private static string M(double v) => (v / 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
