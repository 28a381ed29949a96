using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ActorFs.Benchmarks.Common;
using ActorFs.Client;

namespace ActorFs.Benchmarks.Transfer;

/// <summary>
/// One large file through a real node in this process and the real client library over loopback: upload
/// then download, TLS on (SHA-256 verified end to end) and TLS off, next to two bare baselines in the same
/// run: an SslStream copy to a file with SHA-256 on the receiver, and Socket.SendFileAsync to a file.
/// Each repeat runs every case once, interleaved, so that the machine's noise hits them alike.
/// </summary>
internal static class TransferBenchmark
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var quick = BenchArgs.Has(args, "--quick");
        var mib = BenchArgs.Int(args, "--size", quick ? 256 : 1024);
        var repeats = BenchArgs.Int(args, "--repeats", 3);
        var bytes = (long)mib << 20;
        using var scratch = ScratchFolder.Create(args, "actorfs-bench-transfer");
        var source = scratch.Combine("source.bin");
        var expected = scratch.Generate("source.bin", bytes);
        var sha256Rate = Sha256MegabytesPerSecond();

        var cases = new[] { "ssl_baseline", "sendfile_baseline", "tls_upload", "tls_download", "plain_upload", "plain_download" };
        var rates = cases.ToDictionary(c => c, _ => new List<double>());
        await using (var tlsNode = await InProcessNode.StartAsync(scratch.Combine("root-tls"), tls: true))
        await using (var plainNode = await InProcessNode.StartAsync(scratch.Combine("root-plain"), tls: false))
        await using (var tlsClient = await ActorFsClient.ConnectAsync(tlsNode.ClientOptions()))
        await using (var plainClient = await ActorFsClient.ConnectAsync(plainNode.ClientOptions()))
        {
            var received = scratch.Combine("received.bin");
            for (var round = 0; round < repeats; round++)
            {
                var (sslSeconds, sslSha) = await BareCopies.SslStreamWithSha256Async(source, received, tlsNode.Certificate!);
                Check(sslSha, expected, "the SslStream baseline");
                rates["ssl_baseline"].Add(MegabytesPerSecond(bytes, sslSeconds));
                File.Delete(received);

                rates["sendfile_baseline"].Add(MegabytesPerSecond(bytes, await BareCopies.SendFileAsync(source, received)));
                File.Delete(received);

                foreach (var (client, prefix) in new[] { (tlsClient, "tls"), (plainClient, "plain") })
                {
                    var up = await client.UploadAsync(source, "/big.bin", new TransferOptions { Overwrite = true });
                    Check(up.Sha256, expected, prefix + " upload");
                    rates[prefix + "_upload"].Add(MegabytesPerSecond(bytes, up.Elapsed.TotalSeconds));

                    var down = await client.DownloadAsync("/big.bin", received, new TransferOptions { Overwrite = true });
                    Check(down.Sha256, expected, prefix + " download");
                    rates[prefix + "_download"].Add(MegabytesPerSecond(bytes, down.Elapsed.TotalSeconds));
                    File.Delete(received);
                }
            }
        }

        var figures = cases.ToDictionary(c => c + "_mb_per_s", c => Stats.Median(rates[c]));
        // Each ratio is the median of the per-round ratios: a round's case and its baseline run back to back, so
        // they share that moment's load, which drifts a lot on a shared machine.
        double PairedRatio(string value, string baseline) => Stats.Median(rates[value].Zip(rates[baseline], Stats.Ratio));
        figures["tls_upload_ratio_to_ssl"] = PairedRatio("tls_upload", "ssl_baseline");
        figures["tls_download_ratio_to_ssl"] = PairedRatio("tls_download", "ssl_baseline");
        figures["plain_download_ratio_to_sendfile"] = PairedRatio("plain_download", "sendfile_baseline");
        figures["plain_upload_ratio_to_sendfile"] = PairedRatio("plain_upload", "sendfile_baseline");
        figures["sha256_one_core_mb_per_s"] = sha256Rate;
        figures["size_mib"] = mib;
        figures["repeats"] = repeats;
        figures["cores"] = Environment.ProcessorCount;

        Console.WriteLine($"transfer: {mib} MiB, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, data in {scratch.Path}, SHA-256 {sha256Rate:0} MB/s on one core, {LoadAverage()}");
        var table = new Table($"case (MB/s, median of {repeats})", "ActorFs", "baseline", "ratio (median of rounds)", "target");
        table.Add("TLS upload, verified", F(figures["tls_upload_mb_per_s"]), F(figures["ssl_baseline_mb_per_s"]) + " ssl+sha", R(figures["tls_upload_ratio_to_ssl"]), ">= 0.85");
        table.Add("TLS download, verified", F(figures["tls_download_mb_per_s"]), F(figures["ssl_baseline_mb_per_s"]) + " ssl+sha", R(figures["tls_download_ratio_to_ssl"]), ">= 0.85");
        table.Add("plain download, verified", F(figures["plain_download_mb_per_s"]), F(figures["sendfile_baseline_mb_per_s"]) + " sendfile", R(figures["plain_download_ratio_to_sendfile"]), ">= 0.80");
        table.Add("plain upload, verified", F(figures["plain_upload_mb_per_s"]), F(figures["sendfile_baseline_mb_per_s"]) + " sendfile", R(figures["plain_upload_ratio_to_sendfile"]), "");
        table.Print(Console.Out);
        Console.WriteLine(JsonSerializer.Serialize(new { scenario = "transfer", figures }));
        return 0;
    }

    private static void Check(string actual, string expected, string what)
    {
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{what} produced SHA-256 {actual}, not {expected}.");
        }
    }

    private static double MegabytesPerSecond(long bytes, double seconds) => bytes / seconds / 1e6;

    /// <summary>SHA-256 of 256 MiB in memory on one core: what hashing costs on this machine.</summary>
    private static double Sha256MegabytesPerSecond()
    {
        var buffer = new byte[1 << 20];
        Random.Shared.NextBytes(buffer);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < 16; i++) hash.AppendData(buffer);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 256; i++) hash.AppendData(buffer);
        hash.GetHashAndReset();
        return MegabytesPerSecond(256L << 20, clock.Elapsed.TotalSeconds);
    }

    internal static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load {parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "load unknown";
        }
    }

    private static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
