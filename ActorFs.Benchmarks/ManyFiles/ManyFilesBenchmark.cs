using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorFs.Benchmarks.Common;
using ActorFs.Benchmarks.SmallOps;
using ActorFs.Benchmarks.Transfer;
using ActorFs.Client;

namespace ActorFs.Benchmarks.ManyFiles;

/// <summary>
/// Put, then get, of many small files through the real client library and a real node (TLS on): files per
/// second each way. Every file is one put or get on the control connection plus its own TLS connection to
/// the transfer port, verified by SHA-256. Several sessions, each with a few transfers in flight.
/// </summary>
internal static class ManyFilesBenchmark
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var quick = BenchArgs.Has(args, "--quick");
        var count = BenchArgs.Int(args, "--count", quick ? 2_000 : 10_000);
        var fileBytes = BenchArgs.Int(args, "--file-kib", 4) * 1024;
        var sessions = BenchArgs.Int(args, "--sessions", 4);
        var perSession = BenchArgs.Int(args, "--in-flight", 4);
        var plain = BenchArgs.Has(args, "--no-tls");
        using var scratch = ScratchFolder.Create(args, "actorfs-bench-many-files");
        Directory.CreateDirectory(scratch.Combine("up"));
        Directory.CreateDirectory(scratch.Combine("down"));
        var digests = new string[count];
        for (var i = 0; i < count; i++) digests[i] = scratch.Generate(Path.Combine("up", Name(i)), fileBytes, seed: i);

        double putSeconds, getSeconds;
        await using (var node = await InProcessNode.StartAsync(scratch.Combine("root"), tls: !plain))
        {
            var clients = await SmallOpsBenchmark.OpenAllAsync(sessions, _ => ActorFsClient.ConnectAsync(node.ClientOptions()));
            await clients[0].MkdirAsync("/many");
            putSeconds = await ForAllAsync(clients, perSession, count, async (client, i) =>
            {
                var result = await client.UploadAsync(scratch.Combine(Path.Combine("up", Name(i))), "/many/" + Name(i));
                Check(result.Sha256, digests[i], i);
            });
            getSeconds = await ForAllAsync(clients, perSession, count, async (client, i) =>
            {
                var result = await client.DownloadAsync("/many/" + Name(i), scratch.Combine(Path.Combine("down", Name(i))));
                Check(result.Sha256, digests[i], i);
            });
            foreach (var c in clients) await c.DisposeAsync();
        }

        var figures = new Dictionary<string, double>
        {
            ["put_files_per_s"] = count / putSeconds,
            ["get_files_per_s"] = count / getSeconds,
            ["put_seconds"] = putSeconds,
            ["get_seconds"] = getSeconds,
            ["files"] = count,
            ["file_bytes"] = fileBytes,
            ["sessions"] = sessions,
            ["in_flight_per_session"] = perSession,
            ["tls"] = plain ? 0 : 1,
            ["cores"] = Environment.ProcessorCount,
        };
        Console.WriteLine($"many-files: {count:N0} files of {fileBytes / 1024} KiB, {sessions} sessions x {perSession} in flight, TLS {(plain ? "off" : "on")}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, data in {scratch.Path}, {TransferBenchmark.LoadAverage()}");
        var table = new Table("direction", "files/s", "seconds", "MB/s");
        table.Add("put (upload)", F0(figures["put_files_per_s"]), F2(putSeconds), F2(count * (double)fileBytes / putSeconds / 1e6));
        table.Add("get (download)", F0(figures["get_files_per_s"]), F2(getSeconds), F2(count * (double)fileBytes / getSeconds / 1e6));
        table.Print(Console.Out);
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "many-files", figures }));
        return 0;
    }

    private static string Name(int i) => $"f{i:D5}.bin";

    private static void Check(string actual, string expected, int i)
    {
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"File {i} came back with SHA-256 {actual}, not {expected}.");
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1, <paramref name="perSession"/> at a time on each client; returns the seconds taken.</summary>
    private static async Task<double> ForAllAsync(ActorFsClient[] clients, int perSession, int count, Func<ActorFsClient, int, Task> work)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, perSession).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await work(client, i);
        }))));
        return clock.Elapsed.TotalSeconds;
    }

    private static string F0(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    private static string F2(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
