using System.Security.Cryptography;
using ActorFs.Client;
using ActorFs.Tests.Client;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.EndToEnd;

/// <summary>A node stopping under running transfers: those that finish within the grace period succeed, the rest leave nothing partial.</summary>
public sealed class NodeShutdownSpecs : IDisposable
{
    private readonly TempFolder _local = new();

    public void Dispose() => _local.Dispose();

    [Fact]
    public async Task A_running_upload_finishes_within_the_grace_period_while_the_node_stops()
    {
        await using var node = await RunningNode.StartAsync(overrides: new Dictionary<string, string> { ["actorfs.node.shutdown-grace"] = "20s" });
        var content = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        await File.WriteAllBytesAsync(_local["up.bin"], content);
        await using var client = await ActorFsClient.ConnectAsync(NodeClients.Options(node)).WaitAsync(Loopback.Deadline);
        using var release = new ManualResetEventSlim();
        var firstBytes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upload = client.UploadAsync(_local["up.bin"], "up.bin", new TransferOptions { Progress = new HoldingProgress(firstBytes, release), ProgressInterval = TimeSpan.Zero });
        await firstBytes.Task.WaitAsync(Loopback.Deadline);

        var stopping = node.StopAsync();
        try
        {
            // The node stops accepting: a new client is refused while the transfer is still running.
            await AssertRefusedAsync(node);
        }
        finally
        {
            release.Set();
        }

        var result = await upload.WaitAsync(Loopback.Deadline);
        Assert.Equal(content.Length, result.Bytes);
        await stopping.WaitAsync(Loopback.Deadline);
        Assert.Equal(content, await File.ReadAllBytesAsync(node.HostPath("up.bin")));
    }

    private static async Task AssertRefusedAsync(RunningNode node)
    {
        var deadline = DateTime.UtcNow + Loopback.Deadline;
        while (true)
        {
            try
            {
                await using var late = await ActorFsClient.ConnectAsync(NodeClients.Options(node) with { ConnectTimeout = TimeSpan.FromSeconds(2) });
            }
            catch (ActorFsConnectionException)
            {
                return;
            }

            // Unbinding is asynchronous: the listener may still take one connection before it stops.
            Assert.True(DateTime.UtcNow < deadline, "the node still accepted new sessions while stopping");
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
