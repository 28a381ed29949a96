// Issue 8, items 1 and 2: transfers through the stammering proxy on both ports, and seeded kill points.
using ActorFs.Client;
using ActorFs.Tests.EndToEnd;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Faults;

public sealed class StammeringTransferSpecs : IAsyncLifetime
{
    private RunningNode _node = null!;
    private readonly LocalFolder _local = new();

    // These specs prove the discard path (nothing staged after a cut or a cancel); keeping interrupted uploads for a
    // resume is proven by UploadResumeSpecs, so it is off here.
    public async Task InitializeAsync() =>
        _node = await RunningNode.StartAsync(overrides: new Dictionary<string, string> { ["actorfs.transfer.keep-partial-uploads"] = "0s" });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _local.Delete();
    }

    [Fact]
    public async Task Transfers_delivered_one_byte_at_a_time_on_both_ports_are_byte_identical()
    {
        await using var control = new StammeringProxy(_node.Control, StammerSettings.OneByte, StammerSettings.OneByte, seed: 11);
        await using var transfer = new StammeringProxy(_node.Transfer, StammerSettings.OneByte, StammerSettings.OneByte, seed: 12);
        await RoundTripAsync(control, transfer, size: 24 * 1024, seed: 1);
        Assert.True(transfer.ConnectionCount >= 2);
    }

    [Fact]
    public async Task Transfers_with_random_delays_and_small_pieces_on_both_ports_are_byte_identical()
    {
        var stammer = new StammerSettings(MaxPieceSize: 1500, MaxDelay: TimeSpan.FromMilliseconds(1));
        await using var control = new StammeringProxy(_node.Control, stammer, stammer, seed: 21);
        await using var transfer = new StammeringProxy(_node.Transfer, stammer, stammer, seed: 22);
        await RoundTripAsync(control, transfer, size: 300 * 1024 + 17, seed: 2);
    }

    [Fact]
    public async Task A_cut_download_fails_cleanly_and_leaves_no_local_file()
    {
        var content = Faults.RandomBytes(256 * 1024, 3);
        await File.WriteAllBytesAsync(_node.HostPath("/cut.bin"), content);
        await using var transfer = new StammeringProxy(_node.Transfer, serverToClient: new StammerSettings(CutAfterBytes: 100_000));
        await using var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);
        var target = _local.File("cut.bin");

        await Assert.ThrowsAsync<ActorFsConnectionException>(() => client.DownloadAsync("/cut.bin", target));

        Assert.False(File.Exists(target));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
        Assert.Equal("/", await client.PwdAsync());
    }

    [Fact]
    public async Task A_cut_upload_fails_cleanly_and_stores_nothing()
    {
        var source = _local.File("up.bin");
        await File.WriteAllBytesAsync(source, Faults.RandomBytes(256 * 1024, 4));
        await using var transfer = new StammeringProxy(_node.Transfer, clientToServer: new StammerSettings(CutAfterBytes: 100_000));
        await using var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);

        await Assert.ThrowsAnyAsync<ActorFsException>(() => client.UploadAsync(source, "/up.bin"));

        Assert.False(File.Exists(_node.HostPath("/up.bin")));
        await Faults.AssertStagingEmptyAsync(_node.Root);
        Assert.Equal("/", await client.PwdAsync());
    }

    [Fact]
    public async Task At_every_seeded_kill_point_a_cut_transfer_leaves_the_old_file_or_the_whole_new_one()
    {
        const int Trials = 12;
        var random = new Random(8008);
        var size = 128 * 1024;
        var oldContent = Faults.RandomBytes(size / 2, 5);
        var failures = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var newContent = Faults.RandomBytes(size, 100 + trial);
            // TLS adds a few KiB of handshake and record overhead; offsets past the end let the transfer finish.
            var downloadCut = random.Next(0, size + 8 * 1024);
            var uploadCut = random.Next(0, size + 8 * 1024);

            // Download over an existing local file (overwrite): the old file stays until the new one is verified.
            var remote = $"/kill-{trial}.bin";
            await File.WriteAllBytesAsync(_node.HostPath(remote), newContent);
            var local = _local.File($"kill-{trial}.bin");
            await File.WriteAllBytesAsync(local, oldContent);
            await using (var down = new StammeringProxy(_node.Transfer, serverToClient: new StammerSettings(CutAfterBytes: downloadCut), seed: trial))
            await using (var client = await Faults.ConnectAsync(_node, transfer: down.EndPoint))
            {
                try
                {
                    await client.DownloadAsync(remote, local, new TransferOptions { Overwrite = true });
                    Assert.Equal(newContent, await File.ReadAllBytesAsync(local));
                }
                catch (ActorFsException)
                {
                    failures++;
                    Assert.Equal(oldContent, await File.ReadAllBytesAsync(local));
                }

                Assert.False(File.Exists(ActorFsClient.PartialPathFor(local)));
            }

            // Upload over an existing remote file (overwrite): the node keeps the old file unless the new one is whole and verified.
            var source = _local.File($"source-{trial}.bin");
            await File.WriteAllBytesAsync(source, newContent);
            var target = $"/target-{trial}.bin";
            await File.WriteAllBytesAsync(_node.HostPath(target), oldContent);
            await using (var up = new StammeringProxy(_node.Transfer, clientToServer: new StammerSettings(CutAfterBytes: uploadCut), seed: 1000 + trial))
            await using (var client = await Faults.ConnectAsync(_node, transfer: up.EndPoint))
            {
                try
                {
                    await client.UploadAsync(source, target, new TransferOptions { Overwrite = true });
                    Assert.Equal(newContent, await File.ReadAllBytesAsync(_node.HostPath(target)));
                }
                catch (ActorFsException)
                {
                    failures++;
                    var stored = await File.ReadAllBytesAsync(_node.HostPath(target));
                    // The cut may fall after the node verified and committed, before the client read the outcome.
                    Assert.True(stored.AsSpan().SequenceEqual(oldContent) || stored.AsSpan().SequenceEqual(newContent), $"trial {trial}: a partial file is visible");
                }
            }
        }

        Assert.True(failures > 0, "no kill point cut a transfer; the offsets are wrong");
        await Faults.AssertStagingEmptyAsync(_node.Root);
        await Faults.AssertServesAsync(_node, "after kill points");
    }

    [Fact]
    public async Task A_client_cancelled_mid_upload_leaves_nothing_staged_and_nothing_stored()
    {
        var source = _local.File("big.bin");
        await File.WriteAllBytesAsync(source, Faults.RandomBytes(4 * 1024 * 1024, 6));
        var slow = new StammerSettings(MaxPieceSize: 16 * 1024, MaxDelay: TimeSpan.FromMilliseconds(2));
        await using var transfer = new StammeringProxy(_node.Transfer, slow, seed: 7);
        using var cancel = new CancellationTokenSource();
        var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);
        var progress = new SynchronousProgress(p =>
        {
            if (p.Bytes > 256 * 1024)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.UploadAsync(source, "/big.bin", new TransferOptions { Progress = progress, ProgressInterval = TimeSpan.Zero }, cancel.Token));
        await client.DisposeAsync(); // the client process is gone

        await Faults.AssertStagingEmptyAsync(_node.Root);
        Assert.False(File.Exists(_node.HostPath("/big.bin")));
        await Faults.AssertServesAsync(_node, "after a cancelled upload");
    }

    [Fact]
    public async Task A_client_cancelled_mid_download_leaves_no_local_file()
    {
        await File.WriteAllBytesAsync(_node.HostPath("/big.bin"), Faults.RandomBytes(4 * 1024 * 1024, 8));
        var slow = new StammerSettings(MaxPieceSize: 16 * 1024, MaxDelay: TimeSpan.FromMilliseconds(2));
        await using var transfer = new StammeringProxy(_node.Transfer, serverToClient: slow, seed: 9);
        using var cancel = new CancellationTokenSource();
        await using var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);
        var target = _local.File("big.bin");
        var progress = new SynchronousProgress(p =>
        {
            if (p.Bytes > 256 * 1024)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.DownloadAsync("/big.bin", target, new TransferOptions { Progress = progress, ProgressInterval = TimeSpan.Zero }, cancel.Token));

        Assert.False(File.Exists(target));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
        await Faults.AssertServesAsync(_node, "after a cancelled download");
    }

    private async Task RoundTripAsync(StammeringProxy control, StammeringProxy transfer, int size, int seed)
    {
        var content = Faults.RandomBytes(size, seed);
        var source = _local.File($"source-{seed}.bin");
        await File.WriteAllBytesAsync(source, content);
        await using var client = await Faults.ConnectAsync(_node, control.EndPoint, transfer.EndPoint);

        var up = await client.UploadAsync(source, $"/round-{seed}.bin");
        var back = _local.File($"back-{seed}.bin");
        var down = await client.DownloadAsync($"/round-{seed}.bin", back);

        Assert.Equal(content, await File.ReadAllBytesAsync(_node.HostPath($"/round-{seed}.bin")));
        Assert.Equal(content, await File.ReadAllBytesAsync(back));
        Assert.Equal(Faults.Sha256(content), up.Sha256);
        Assert.Equal(Faults.Sha256(content), down.Sha256);
    }
}

/// <summary>An IProgress that runs its callback on the reporting thread (Progress&lt;T&gt; posts it later).</summary>
internal sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
{
    public void Report(TransferProgress value) => report(value);
}
