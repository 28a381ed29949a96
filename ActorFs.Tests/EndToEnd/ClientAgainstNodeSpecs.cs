using System.Security.Cryptography;
using ActorFs.Client;
using ActorFs.Messages;
using ActorFs.Tests.Client;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.EndToEnd;

/// <summary>The real client library against a real node (TLS on, loopback, ephemeral ports): every v2 command and transfers.</summary>
public sealed class ClientAgainstNodeSpecs : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _local = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Dispose();
    }

    public void Dispose() => _local.Dispose();

    private Task<ActorFsClient> ConnectAsync() => ActorFsClient.ConnectAsync(NodeClients.Options(_node)).WaitAsync(Loopback.Deadline);

    private async Task<byte[]> LocalFileAsync(string name, int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        await File.WriteAllBytesAsync(_local[name], bytes);
        return bytes;
    }

    [Fact]
    public async Task Every_v2_command_works_against_a_real_node_and_refusals_come_back_as_statuses()
    {
        await using var client = await ConnectAsync();
        Assert.Equal(2, client.Node.Protocol);
        Assert.Equal("/", await client.PwdAsync());
        Assert.Equal("/docs", await client.MkdirAsync("docs"));
        Assert.Equal("/docs", await client.CdAsync("docs"));
        Assert.Equal("/docs", await client.PwdAsync());
        var content = await LocalFileAsync("a.txt", 1000);
        await client.UploadAsync(_local["a.txt"], "a.txt");
        var listing = await client.ListAsync();
        Assert.Equal("a.txt", Assert.Single(listing).Name);
        var (statPath, entry) = await client.StatAsync("a.txt");
        Assert.Equal("/docs/a.txt", statPath);
        Assert.Equal(1000, entry.Size);
        var digest = await client.Sha256Async("a.txt");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), digest.Digest);
        Assert.Equal(("/docs/a.txt", "/docs/b.txt"), await client.MoveAsync("a.txt", "b.txt"));
        await client.DownloadAsync("b.txt", _local["b.txt"]);
        Assert.Equal(content, await File.ReadAllBytesAsync(_local["b.txt"]));
        Assert.Contains(await client.HelpAsync(), h => h.Name == "mv");

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<ActorFsException>(() => client.CdAsync("nowhere"))).StatusCode);
        Assert.Equal(StatusCode.Conflict, (await Assert.ThrowsAsync<ActorFsException>(() => client.RmdirAsync("/docs"))).StatusCode);
        Assert.Equal(StatusCode.Conflict, (await Assert.ThrowsAsync<ActorFsException>(() => client.MkdirAsync("/docs"))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<ActorFsException>(() => client.StatAsync("ghost"))).StatusCode);
        Assert.Equal(StatusCode.Forbidden, (await Assert.ThrowsAsync<ActorFsException>(() => client.RmdirAsync("/"))).StatusCode);

        Assert.Equal("/docs/b.txt", await client.RmAsync("b.txt"));
        Assert.Equal("/docs", await client.RmdirAsync("/docs"));
        Assert.Empty(await client.ListAsync("/"));
        await client.ByeAsync();
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Twenty_clients_in_parallel_browse_upload_and_download_with_byte_identical_results()
    {
        var work = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var client = await ConnectAsync();
            var name = $"c{i}";
            var content = await LocalFileAsync($"{name}.bin", 50_000 + (i * 1013));
            Assert.Equal($"/{name}", await client.MkdirAsync(name));
            Assert.Equal($"/{name}", await client.CdAsync(name));
            await client.UploadAsync(_local[$"{name}.bin"], "data.bin");
            Assert.Equal($"/{name}", await client.PwdAsync());
            var entry = Assert.Single(await client.ListAsync());
            Assert.Equal(content.Length, entry.Size);
            await client.DownloadAsync("data.bin", _local[$"{name}.back"]);
            Assert.Equal(content, await File.ReadAllBytesAsync(_local[$"{name}.back"]));
            Assert.Equal(content, await File.ReadAllBytesAsync(_node.HostPath($"{name}/data.bin")));
        });
        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(60));
        await using var observer = await ConnectAsync();
        Assert.Equal(20, (await observer.ListAsync("/")).Count);
    }

    [Fact]
    public async Task A_put_and_get_of_a_few_megabytes_are_verified_against_the_nodes_digest()
    {
        var content = await LocalFileAsync("big.bin", (4 * 1024 * 1024) + 123);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var client = await ConnectAsync();
        var progress = new List<TransferProgress>();
        var put = await client.UploadAsync(_local["big.bin"], "big.bin", new TransferOptions { Progress = new SyncProgress(progress.Add) });
        Assert.Equal(sha, put.Sha256);
        Assert.Equal("/big.bin", put.RemotePath);
        Assert.Equal(content, await File.ReadAllBytesAsync(_node.HostPath("big.bin")));
        Assert.Equal(content.Length, progress[^1].Bytes);

        var get = await client.DownloadAsync("big.bin", _local["big.back"]);
        Assert.Equal(sha, get.Sha256);
        Assert.Equal(content, await File.ReadAllBytesAsync(_local["big.back"]));
        Assert.Equal(sha, (await client.StatAsync("big.bin")).Entry.Sha256);
    }

    [Fact]
    public async Task An_existing_target_is_refused_with_409_unless_overwrite_which_replaces_it()
    {
        await using var client = await ConnectAsync();
        await LocalFileAsync("one.bin", 1000);
        var two = await LocalFileAsync("two.bin", 2000);
        await client.UploadAsync(_local["one.bin"], "t.bin");
        var refused = await Assert.ThrowsAsync<ActorFsException>(() => client.UploadAsync(_local["two.bin"], "t.bin"));
        Assert.Equal(StatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ErrorCode.Exists, refused.ErrorCode);
        Assert.Equal(1000, new FileInfo(_node.HostPath("t.bin")).Length);

        await client.UploadAsync(_local["two.bin"], "t.bin", new TransferOptions { Overwrite = true });
        Assert.Equal(two, await File.ReadAllBytesAsync(_node.HostPath("t.bin")));
        Assert.Equal([_node.HostPath("t.bin")], Directory.GetFiles(_node.Root));
    }

    [Fact]
    public async Task Several_transfers_run_at_once_on_one_session()
    {
        await using var client = await ConnectAsync();
        var contents = new List<byte[]>();
        for (var i = 0; i < 4; i++) contents.Add(await LocalFileAsync($"f{i}", 300_000 + i));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.UploadAsync(_local[$"f{i}"], $"f{i}"))).WaitAsync(Loopback.Deadline);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.DownloadAsync($"f{i}", _local[$"g{i}"]))).WaitAsync(Loopback.Deadline);
        for (var i = 0; i < 4; i++) Assert.Equal(contents[i], await File.ReadAllBytesAsync(_local[$"g{i}"]));
    }

    [Fact]
    public async Task A_50_MB_round_trip_is_byte_identical()
    {
        var content = await LocalFileAsync("fifty.bin", 50 * 1024 * 1024);
        await using var client = await ConnectAsync();
        await client.UploadAsync(_local["fifty.bin"], "fifty.bin").WaitAsync(TimeSpan.FromSeconds(60));
        await client.DownloadAsync("fifty.bin", _local["fifty.back"]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(content, await File.ReadAllBytesAsync(_local["fifty.back"]));
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the pool).</summary>
    private sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}

/// <summary>How the end-to-end specs connect the client library to a <see cref="RunningNode"/>.</summary>
internal static class NodeClients
{
    public static ClientOptions Options(RunningNode node) => new()
    {
        Host = "127.0.0.1",
        Port = node.Control.Port,
        UseTls = node.Certificate is not null,
        CertificatePolicy = node.TrustPolicy,
        RequestTimeout = Loopback.Deadline,
    };
}
