using System.Security.Cryptography;
using ActorFs.Client;
using ActorFs.Messages;
using ActorFs.Tests.Client.Fakes;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Client;

public sealed class ClientLibrarySpecs : IAsyncLifetime, IDisposable
{
    private readonly FakeNode node = FakeNode.Start();
    private readonly TempFolder local = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        local.Dispose();
    }

    public void Dispose() => local.Dispose();

    [Fact]
    public async Task The_client_must_say_hello_and_run_the_directory_commands()
    {
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        Assert.Equal("fake", c.Node.Node);
        Assert.Equal("/", await c.PwdAsync());
        Assert.Equal("/docs", await c.MkdirAsync("docs"));
        Assert.Equal("/docs", await c.CdAsync("docs"));
        Assert.Equal("/docs", c.WorkingDirectory);
        await File.WriteAllTextAsync(node.HostPath("/docs/a.txt"), "hello");
        var (movedFrom, movedTo) = await c.MoveAsync("a.txt", "b.txt");
        Assert.Equal(("/docs/a.txt", "/docs/b.txt"), (movedFrom, movedTo));
        var (path, entry) = await c.StatAsync("b.txt");
        Assert.Equal(("/docs/b.txt", V2.EntryKind.File, 5L), (path, entry.Kind, entry.Size!.Value));
        var sha = await c.Sha256Async("b.txt");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hello"u8)), sha.Digest);
        Assert.Equal("/docs/b.txt", await c.RmAsync("b.txt"));
        await c.CdAsync("..");
        Assert.Equal("/docs", await c.RmdirAsync("docs"));
        Assert.NotEmpty(await c.HelpAsync());
        await c.ByeAsync();
        Assert.False(c.IsConnected);
    }

    [Fact]
    public async Task A_refusal_must_surface_as_an_ActorFsException_with_status_and_code()
    {
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        var missing = await Assert.ThrowsAsync<ActorFsException>(() => c.CdAsync("nowhere"));
        Assert.Equal((StatusCode.NotFound, ErrorCode.NotFound), (missing.StatusCode, missing.ErrorCode));
        Assert.True(missing.IsRemoteRefusal);
        await c.MkdirAsync("d");
        await File.WriteAllTextAsync(node.HostPath("/d/x"), "x");
        var notEmpty = await Assert.ThrowsAsync<ActorFsException>(() => c.RmdirAsync("d"));
        Assert.Equal(ErrorCode.NotEmpty, notEmpty.ErrorCode);
        var exists = await Assert.ThrowsAsync<ActorFsException>(() => c.MkdirAsync("d"));
        Assert.Equal(StatusCode.Conflict, exists.StatusCode);
        Assert.Equal("/", await c.PwdAsync()); // the session goes on
    }

    [Fact]
    public async Task A_listing_must_follow_next_cursors_across_pages()
    {
        node.PageSize = 3;
        for (var i = 0; i < 10; i++)
        {
            await File.WriteAllTextAsync(node.HostPath($"/f{i:00}"), "x");
        }

        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        var names = (await c.ListAsync()).Select(e => e.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"f{i:00}"), names);
        var streamed = new List<string>();
        await foreach (var e in c.EnumerateAsync("/", 2))
        {
            streamed.Add(e.Name);
        }

        Assert.Equal(names, streamed);
    }

    [Fact]
    public async Task A_50_MB_round_trip_must_be_byte_identical_with_progress()
    {
        var original = local["big.bin"];
        var bytes = new byte[50 * 1024 * 1024];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(original, bytes);
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        var reports = new List<TransferProgress>();
        var progress = new SyncProgress(reports);
        var up = await c.UploadAsync(original, "big.bin", new TransferOptions { Progress = progress });
        Assert.Equal(bytes.Length, up.Bytes);
        var back = local["back.bin"];
        var down = await c.DownloadAsync("big.bin", back, new TransferOptions { Progress = progress });
        Assert.Equal(up.Sha256, down.Sha256);
        var received = await File.ReadAllBytesAsync(back);
        Assert.True(bytes.AsSpan().SequenceEqual(received));
        Assert.Equal(bytes.Length, reports[^1].Bytes);
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(back)));
    }

    [Fact]
    public async Task Several_transfers_must_run_at_once_on_one_session()
    {
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        for (var i = 0; i < 4; i++)
        {
            await File.WriteAllBytesAsync(node.HostPath($"/p{i}"), RandomNumberGenerator.GetBytes(300_000 + i));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => c.DownloadAsync($"p{i}", local[$"p{i}"])));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(300_000 + i, results[i].Bytes);
            Assert.Equal(await File.ReadAllBytesAsync(node.HostPath($"/p{i}")), await File.ReadAllBytesAsync(local[$"p{i}"]));
        }
    }

    [Fact]
    public async Task An_interrupted_download_must_leave_no_file_under_its_name_and_keep_an_existing_one()
    {
        await File.WriteAllBytesAsync(node.HostPath("/f.bin"), RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        node.CutDownloadsAfter = 1024 * 1024 + 17;
        await using var c = await ActorFsClient.ConnectAsync(node.Options());

        var fresh = local["fresh.bin"];
        await Assert.ThrowsAsync<ActorFsConnectionException>(() => c.DownloadAsync("f.bin", fresh));
        Assert.False(File.Exists(fresh));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(fresh)));

        var existing = local["existing.bin"];
        await File.WriteAllTextAsync(existing, "precious");
        await Assert.ThrowsAsync<ActorFsConnectionException>(() => c.DownloadAsync("f.bin", existing, new TransferOptions { Overwrite = true }));
        Assert.Equal("precious", await File.ReadAllTextAsync(existing));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(existing)));
    }

    [Fact]
    public async Task A_download_with_wrong_bytes_must_be_detected_and_discarded()
    {
        await File.WriteAllBytesAsync(node.HostPath("/f.bin"), RandomNumberGenerator.GetBytes(100_000));
        node.CorruptDownloads = true;
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        var target = local["f.bin"];
        var e = await Assert.ThrowsAsync<ActorFsIntegrityException>(() => c.DownloadAsync("f.bin", target));
        Assert.Equal(ErrorCode.ChecksumMismatch, e.ErrorCode);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(ActorFsClient.PartialPathFor(target)));
    }

    [Fact]
    public async Task An_existing_file_must_be_kept_without_overwrite_on_both_sides()
    {
        await File.WriteAllTextAsync(node.HostPath("/r.txt"), "remote");
        var mine = local["r.txt"];
        await File.WriteAllTextAsync(mine, "mine");
        await using var c = await ActorFsClient.ConnectAsync(node.Options());
        var localRefusal = await Assert.ThrowsAsync<ActorFsException>(() => c.DownloadAsync("r.txt", mine));
        Assert.True(localRefusal.IsLocal);
        Assert.Equal("mine", await File.ReadAllTextAsync(mine));
        var remoteRefusal = await Assert.ThrowsAsync<ActorFsException>(() => c.UploadAsync(mine, "r.txt"));
        Assert.Equal(ErrorCode.Exists, remoteRefusal.ErrorCode);
        await c.UploadAsync(mine, "r.txt", new TransferOptions { Overwrite = true });
        Assert.Equal("mine", await File.ReadAllTextAsync(node.HostPath("/r.txt")));
        await c.DownloadAsync("r.txt", local["empty-check"]);
    }

    [Fact]
    public async Task A_session_without_tls_must_work_too()
    {
        await using var plain = FakeNode.Start(useTls: false);
        await using var c = await ActorFsClient.ConnectAsync(plain.Options());
        await File.WriteAllTextAsync(plain.HostPath("/a"), "abc");
        await c.DownloadAsync("a", local["a"]);
        Assert.Equal("abc", await File.ReadAllTextAsync(local["a"]));
    }

    [Fact]
    public async Task An_unreachable_node_must_be_a_connection_error()
    {
        using var closed = Loopback.Listen();
        var port = Loopback.EndPointOf(closed).Port;
        closed.Dispose();
        await Assert.ThrowsAsync<ActorFsConnectionException>(() => ActorFsClient.ConnectAsync(node.Options() with { Port = port }));
    }

    private sealed class SyncProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
