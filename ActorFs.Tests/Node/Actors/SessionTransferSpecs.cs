using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Sessions;
using ActorFs.Node.Storage;
using ActorFs.Node.Transfers;
using ActorFs.Tests.Node.Storage;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Node.Actors;

/// <summary>A session and its transfers: a crashing transfer, several at once, and a session that ends while they run.</summary>
public sealed class SessionTransferSpecs : TestKit
{
    private readonly TempRoot _temp = new();
    private readonly CrashingStore _store;
    private readonly TestProbe _connection;
    private readonly IActorRef _tokens;
    private readonly List<Socket> _sockets = [];
    private readonly IActorRef _session;

    public SessionTransferSpecs() : base(VirtualTime())
    {
        _store = new CrashingStore(_temp.CreateStore());
        _connection = CreateTestProbe("connection");
        _tokens = Sys.ActorOf(TokenRegistry.Props(TimeSpan.FromSeconds(60)), "tokens");
        var settings = NodeActorSupport.Settings(_temp.Root);
        var environment = new SessionEnvironment(settings, _store, _tokens, new CommandSettings("node-a", "ActorFs/test"), null, 3000, new TransferTracker());
        _session = Sys.ActorOf(Session.Props("s-1", _connection.Ref, new IPEndPoint(IPAddress.Loopback, 50000), environment), "session-1");
        Send("""{"id":0,"command":"hello","protocol":2}""");
        ExpectJson();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var socket in _sockets) socket.Dispose();
        _temp.Dispose();
    }

    private void Send(string text) => _session.Tell(new Tcp.Received(Encoding.UTF8.GetBytes(text)), _connection.Ref);

    private JsonElement ExpectJson()
    {
        var write = _connection.ExpectMsg<Tcp.Write>();
        _session.Tell(write.Ack, _connection.Ref);
        return NodeActorSupport.Json(NodeActorSupport.Text(write.Data));
    }

    /// <summary>The next event about the transfer that request <paramref name="id"/> started, skipping progress.</summary>
    private JsonElement ExpectEnding(long id)
    {
        while (true)
        {
            var message = ExpectJson();
            Assert.Equal("event", message.GetProperty("type").GetString());
            if (message.GetProperty("event").GetString() == "progress") continue;
            Assert.Equal(id, message.GetProperty("id").GetInt64());
            return message;
        }
    }

    /// <summary>Redeems the token of a 202 reply as the transfer port would, and hands the transfer the node's end of a socket pair.</summary>
    private async Task<NetworkStream> ConnectAsync(JsonElement reply, bool v2 = true)
    {
        Assert.Equal(202, reply.GetProperty("status").GetInt32());
        var token = reply.GetProperty("content").GetProperty("token").GetString()!;
        var redeemer = CreateTestProbe();
        _tokens.Tell(new TokenRegistry.Redeem(token, "127.0.0.1:1"), redeemer.Ref);
        var grant = redeemer.ExpectMsg<TokenRegistry.Redeemed>().Grant;
        var (node, client) = await NodeActorSupport.SocketPairAsync();
        _sockets.Add(node);
        _sockets.Add(client);
        grant.Transfer.Tell(new TransferConnection(new NetworkStream(node, ownsSocket: true), node, ReadOnlyMemory<byte>.Empty, "127.0.0.1:1", null, v2));
        return new NetworkStream(client, ownsSocket: false);
    }

    [Fact]
    public async Task A_crashing_transfer_fails_only_that_transfer_and_the_session_reports_it()
    {
        _temp.WriteFile("a.txt", "abc");
        Send("""{"id":1,"command":"put","path":"boom.bin","size":3}{"id":2,"command":"get","path":"a.txt"}""");
        var put = ExpectJson();
        var get = ExpectJson();

        using var crashing = await ConnectAsync(put);
        var failed = ExpectEnding(1);
        Assert.Equal("failed", failed.GetProperty("event").GetString());
        Assert.Equal(500, failed.GetProperty("status").GetInt32());
        Assert.Equal("internal", failed.GetProperty("error").GetString());
        Assert.DoesNotContain(_temp.Root, failed.GetRawText(), StringComparison.Ordinal);

        using var download = await ConnectAsync(get);
        Assert.Equal("abc", Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(download)));
        Assert.Equal("verified", ExpectEnding(2).GetProperty("event").GetString());

        Send("""{"id":3,"command":"pwd"}""");
        Assert.Equal(3, ExpectJson().GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Several_transfers_of_one_session_run_at_once()
    {
        _temp.WriteFile("a.txt", "aaa");
        _temp.WriteFile("b.txt", "bbbb");
        Send("""{"id":1,"command":"get","path":"a.txt"}{"id":2,"command":"get","path":"b.txt"}{"id":3,"command":"put","path":"c.txt","size":2}""");
        var a = ExpectJson();
        var b = ExpectJson();
        var c = ExpectJson();
        using var up = await ConnectAsync(c);
        Assert.Equal("10101010", Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(up, 8)));
        using var first = await ConnectAsync(a);
        using var second = await ConnectAsync(b);
        Assert.Equal("bbbb", Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(second)));
        Assert.Equal("aaa", Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(first)));
        await up.WriteAsync("cc"u8.ToArray());
        var endings = Enumerable.Range(0, 3).Select(_ =>
        {
            var e = ExpectJson();
            while (e.GetProperty("event").GetString() == "progress") e = ExpectJson();
            return e;
        }).ToList();
        Assert.All(endings, e => Assert.Equal("verified", e.GetProperty("event").GetString()));
        Assert.Equal([1L, 2, 3], endings.Select(e => e.GetProperty("id").GetInt64()).Order());
        Assert.Equal("cc", await File.ReadAllTextAsync(_temp.HostPath("c.txt")));
    }

    [Fact]
    public async Task A_session_that_ends_cancels_its_transfers_and_discards_their_staged_files()
    {
        Send("""{"id":1,"command":"put","path":"big.bin","size":1000}""");
        using var client = await ConnectAsync(ExpectJson());
        Assert.Equal("10101010", Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(client, 8)));
        await client.WriteAsync(new byte[10]);
        Assert.Single(_store.ListStaged());

        Watch(_session);
        _session.Tell(Tcp.PeerClosed.Instance, _connection.Ref);
        ExpectTerminated(_session);
        await Loopback.ReadToEndAsync(client); // the transfer connection is closed
        Assert.Empty(_store.ListStaged());
        Assert.False(File.Exists(_temp.HostPath("big.bin")));
    }

    [Fact]
    public async Task Bye_cancels_the_sessions_transfers()
    {
        Send("""{"id":1,"command":"put","path":"big.bin","size":1000}""");
        using var client = await ConnectAsync(ExpectJson());
        Assert.Equal("10101010", Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(client, 8)));
        Send("""{"id":2,"command":"bye"}""");
        Assert.Equal("bye", ExpectJson().GetProperty("command").GetString());
        _connection.ExpectMsg<Tcp.Close>();
        await Loopback.ReadToEndAsync(client);
        Assert.Empty(_store.ListStaged());
    }

    /// <summary>A store whose uploads to a path named boom* throw what no transfer expects: a bug, injected.</summary>
    private sealed class CrashingStore(IFileStore inner) : IFileStore
    {
        public FileEntry Stat(VirtualPath path) => inner.Stat(path);

        public DirectoryPage List(VirtualPath directory, PageRequest page) => inner.List(directory, page);

        public void CreateDirectory(VirtualPath path) => inner.CreateDirectory(path);

        public void DeleteFile(VirtualPath path) => inner.DeleteFile(path);

        public void RemoveDirectory(VirtualPath path) => inner.RemoveDirectory(path);

        public void Move(VirtualPath source, VirtualPath target, bool overwrite) => inner.Move(source, target, overwrite);

        public OpenedFile OpenRead(VirtualPath path) => inner.OpenRead(path);

        public ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default) => inner.GetSha256Async(path, cancellationToken);

        public void RecordDigest(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256) => inner.RecordDigest(path, size, lastWriteTimeUtc, sha256);

        public IStagedUpload BeginUpload(UploadIntent intent) => intent.Target.Value.Contains("boom", StringComparison.Ordinal)
            ? throw new InvalidOperationException("injected crash")
            : inner.BeginUpload(intent);

        public FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null) => inner.CommitUpload(upload, overwrite, sha256);

        public void DiscardUpload(IStagedUpload upload) => inner.DiscardUpload(upload);

        public IReadOnlyList<StagedUploadInfo> ListStaged() => inner.ListStaged();

        public int SweepStaging(IStagingRetention? retention = null) => inner.SweepStaging(retention);

        public long FreeSpace() => inner.FreeSpace();

        public FileEntry CommitAppend(IStagedUpload upload, VirtualPath target) => inner.CommitAppend(upload, target);

        public FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset) => inner.CommitWriteAt(upload, target, offset);

        public int RecoverPartialWrites() => inner.RecoverPartialWrites();
    }
}
