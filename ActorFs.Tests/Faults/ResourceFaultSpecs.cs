// Issue 8, item 6: the disk fills, a transfer throws mid-stream or in its actor, a file is deleted or changed while it is sent.
using ActorFs.Client;
using ActorFs.Messages;
using ActorFs.Tests.EndToEnd;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Faults;

public sealed class ResourceFaultSpecs : IAsyncLifetime
{
    private readonly UploadFaults _faults = new();
    private readonly LocalFolder _local = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync(decorateStore: store => new FaultyStore(store, _faults));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _local.Delete();
    }

    private async Task<string> SourceAsync(int size, int seed)
    {
        var path = _local.File($"source-{seed}.bin");
        await File.WriteAllBytesAsync(path, Faults.RandomBytes(size, seed));
        return path;
    }

    [Fact]
    public async Task A_disk_that_fills_during_an_upload_gives_507_and_leaves_nothing_behind()
    {
        _faults.DiskFullAfter = 300 * 1024;
        var source = await SourceAsync(2 * 1024 * 1024, 1);
        await using var client = await Faults.ConnectAsync(_node);

        var refused = await Assert.ThrowsAnyAsync<ActorFsException>(() => client.UploadAsync(source, "/full.bin"));

        Assert.Equal((StatusCode.InsufficientStorage, ErrorCode.InsufficientStorage), (refused.StatusCode, refused.ErrorCode));
        Assert.False(File.Exists(_node.HostPath("/full.bin")));
        await Faults.AssertStagingEmptyAsync(_node.Root);
        Assert.Equal("/", await client.PwdAsync());
    }

    [Fact]
    public async Task A_transfer_that_throws_mid_stream_fails_with_500_and_the_session_goes_on()
    {
        _faults.CrashAfter = 100 * 1024;
        var source = await SourceAsync(1024 * 1024, 2);
        await using var client = await Faults.ConnectAsync(_node);

        var failed = await Assert.ThrowsAnyAsync<ActorFsException>(() => client.UploadAsync(source, "/crash.bin"));

        Assert.Equal(StatusCode.Internal, failed.StatusCode);
        Assert.False(File.Exists(_node.HostPath("/crash.bin")));
        await Faults.AssertStagingEmptyAsync(_node.Root);
        Assert.Equal("/", await client.PwdAsync());
        _faults.CrashAfter = null;
        await client.UploadAsync(source, "/crash.bin");
        Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(_node.HostPath("/crash.bin")));
    }

    [Fact]
    public async Task A_transfer_actor_that_crashes_is_stopped_by_its_session_which_reports_the_failure_and_goes_on()
    {
        _faults.CrashOnCommit = true;
        var source = await SourceAsync(200 * 1024, 3);
        await using var client = await Faults.ConnectAsync(_node);

        await Assert.ThrowsAnyAsync<ActorFsException>(() => client.UploadAsync(source, "/commit.bin"));

        Assert.False(File.Exists(_node.HostPath("/commit.bin")));
        await Faults.AssertStagingEmptyAsync(_node.Root);
        Assert.Equal("/", await client.PwdAsync());
        _faults.CrashOnCommit = false;
        await Faults.AssertServesAsync(_node, "after a crashed transfer");
    }

    [Fact]
    public async Task A_file_deleted_while_it_is_downloaded_arrives_whole_or_not_at_all()
    {
        var content = Faults.RandomBytes(4 * 1024 * 1024, 4);
        await File.WriteAllBytesAsync(_node.HostPath("/vanishing.bin"), content);
        var slow = new StammerSettings(MaxPieceSize: 16 * 1024, MaxDelay: TimeSpan.FromMilliseconds(1));
        await using var transfer = new StammeringProxy(_node.Transfer, serverToClient: slow, seed: 5);
        await using var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);
        var target = _local.File("vanishing.bin");
        var progress = new SynchronousProgress(p =>
        {
            if (p.Bytes > 0 && File.Exists(_node.HostPath("/vanishing.bin")))
            {
                File.Delete(_node.HostPath("/vanishing.bin"));
            }
        });

        try
        {
            await client.DownloadAsync("/vanishing.bin", target, new TransferOptions { Progress = progress, ProgressInterval = TimeSpan.Zero });
            Assert.Equal(content, await File.ReadAllBytesAsync(target)); // the open file keeps its bytes: a consistent copy
        }
        catch (ActorFsException)
        {
            Assert.False(File.Exists(target));
        }

        Assert.False(File.Exists(_node.HostPath("/vanishing.bin")));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
        Assert.Equal("/", await client.PwdAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_changed_while_it_is_downloaded_never_lands_as_a_mix_of_old_and_new(bool truncate)
    {
        var content = Faults.RandomBytes(4 * 1024 * 1024, 6);
        var host = _node.HostPath("/changing.bin");
        await File.WriteAllBytesAsync(host, content);
        var slow = new StammerSettings(MaxPieceSize: 16 * 1024, MaxDelay: TimeSpan.FromMilliseconds(1));
        await using var transfer = new StammeringProxy(_node.Transfer, serverToClient: slow, seed: 7);
        await using var client = await Faults.ConnectAsync(_node, transfer: transfer.EndPoint);
        var target = _local.File("changing.bin");
        var changed = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Bytes > 0 && Interlocked.Exchange(ref changed, 1) == 0)
            {
                using var file = new FileStream(host, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                if (truncate)
                {
                    file.SetLength(content.Length / 2);
                }
                else
                {
                    file.Write(Faults.RandomBytes(content.Length, 60));
                }
            }
        });

        try
        {
            await client.DownloadAsync("/changing.bin", target, new TransferOptions { Progress = progress, ProgressInterval = TimeSpan.Zero });
            Assert.Equal(content, await File.ReadAllBytesAsync(target));
        }
        catch (ActorFsException)
        {
            Assert.False(File.Exists(target));
        }

        Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
        Assert.Equal("/", await client.PwdAsync());
    }
}
