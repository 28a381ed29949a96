using System.Security.Cryptography;
using ActorFs.Client;
using ActorFs.Node.Storage;
using ActorFs.Tests.Client;
using ActorFs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActorFs.Tests.EndToEnd;

/// <summary>A download cut by the node going away mid-transfer: nothing appears under the final name, and a file already there is kept.</summary>
public sealed class InterruptedDownloadSpecs : IDisposable
{
    private readonly TempFolder _local = new();

    public void Dispose() => _local.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_interrupted_download_leaves_no_file_under_the_final_name_and_keeps_a_pre_existing_one(bool preExisting)
    {
        var node = await RunningNode.StartAsync(overrides: new Dictionary<string, string> { ["actorfs.node.shutdown-grace"] = "0s" });
        var stopped = false;
        try
        {
            await File.WriteAllBytesAsync(node.HostPath("big.bin"), RandomNumberGenerator.GetBytes(32 * 1024 * 1024));
            var target = _local["big.bin"];
            if (preExisting) await File.WriteAllTextAsync(target, "the old file");
            await using var client = await ActorFsClient.ConnectAsync(NodeClients.Options(node)).WaitAsync(Loopback.Deadline);

            // The first progress report holds the copy loop until the node has been stopped under it.
            using var nodeStopped = new ManualResetEventSlim();
            var firstBytes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = new HoldingProgress(firstBytes, nodeStopped);
            var download = client.DownloadAsync("big.bin", target, new TransferOptions { Overwrite = preExisting, Progress = progress, ProgressInterval = TimeSpan.Zero });
            await firstBytes.Task.WaitAsync(Loopback.Deadline);
            await node.DisposeAsync();
            stopped = true;
            nodeStopped.Set();

            await Assert.ThrowsAsync<ActorFsConnectionException>(() => download.WaitAsync(Loopback.Deadline));
            if (preExisting) Assert.Equal("the old file", await File.ReadAllTextAsync(target));
            else Assert.False(File.Exists(target));
            Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
        }
        finally
        {
            if (!stopped) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_upload_cut_by_the_client_leaves_nothing_under_the_final_name_and_at_most_a_part_kept_for_a_resume()
    {
        await using var node = await RunningNode.StartAsync();
        var content = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        await File.WriteAllBytesAsync(_local["up.bin"], content);
        await using var client = await ActorFsClient.ConnectAsync(NodeClients.Options(node)).WaitAsync(Loopback.Deadline);
        using var cut = new CancellationTokenSource();
        var progress = new CancellingProgress(cut);
        var upload = client.UploadAsync(_local["up.bin"], "up.bin", new TransferOptions { Progress = progress, ProgressInterval = TimeSpan.Zero }, cut.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(Loopback.Deadline));

        // Nothing on the wire tells this client how the node ended the transfer, so the node's store is watched:
        // the staged part is kept for a resume (it declared size and sha256) or, if none of it was written, discarded.
        var store = node.Services.GetRequiredService<IFileStore>();
        var intent = new UploadIntent(VirtualPath.Parse("/up.bin"), DeclaredSize: content.Length, DeclaredSha256: Convert.ToHexStringLower(SHA256.HashData(content)));
        var deadline = DateTime.UtcNow + Loopback.Deadline;
        while (!(store.ListStaged().Count == 0 || store.FindKeptUpload(intent) is { InUse: false } && store.ListStaged().Count == 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "the cut upload's staged file was neither kept nor discarded");
            await Task.Delay(20);
        }
        Assert.False(File.Exists(node.HostPath("up.bin")));
        Assert.Equal("/", await client.PwdAsync());
    }

    private sealed class CancellingProgress(CancellationTokenSource cut) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            if (value.Bytes > 0 && value.Bytes < value.Total) cut.Cancel();
        }
    }

    private sealed class HoldingProgress(TaskCompletionSource firstBytes, ManualResetEventSlim release) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            if (value.Bytes == 0 || value.Bytes == value.Total || !firstBytes.TrySetResult()) return;
            release.Wait(Loopback.Deadline);
        }
    }
}
