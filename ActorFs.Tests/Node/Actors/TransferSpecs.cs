using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;
using ActorFs.Node.Transfers;
using ActorFs.Tests.Node.Storage;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Node.Actors;

/// <summary>The Transfer actor in virtual time, under a stand-in parent, with loopback sockets as its connection.</summary>
public sealed class TransferSpecs : TestKit
{
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;
    private readonly TransferSettings _settings;
    private readonly TestProbe _parent;
    private readonly List<Socket> _sockets = [];
    private IActorRef _host = ActorRefs.Nobody;
    private IActorRef _transfer = ActorRefs.Nobody;

    public TransferSpecs() : base(VirtualTime())
    {
        _store = _temp.CreateStore();
        _settings = NodeActorSupport.Settings(_temp.Root).Transfer;
        _parent = CreateTestProbe("session");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var socket in _sockets) socket.Dispose();
        _temp.Dispose();
    }

    private static TransferPlan Upload(string path, long size, string? sha256 = null, ProtocolMode protocol = ProtocolMode.V2) =>
        new(TransferDirection.Upload, VirtualPath.Parse(path), size, sha256, 0, false, protocol, protocol == ProtocolMode.V2 ? 11 : null, null);

    private void Start(TransferPlan plan)
    {
        _host = Sys.ActorOf(ForwardingParent.Props(Transfer.Props("t-1", plan, _store, _settings), "transfer-t-1", _parent.Ref), "host");
        _host.Tell(new ForwardingParent.ToChild(new Identify("started")));
        _transfer = ExpectMsg<ActorIdentity>().Subject!;
    }

    /// <summary>Hands the transfer the node's end of a fresh socket pair; returns the client's end.</summary>
    private async Task<NetworkStream> ConnectAsync(bool v2 = true, string? declaredSha256 = null)
    {
        var (node, client) = await NodeActorSupport.SocketPairAsync();
        _sockets.Add(node);
        _sockets.Add(client);
        _host.Tell(new ForwardingParent.ToChild(new TransferConnection(new NetworkStream(node, ownsSocket: true), node, ReadOnlyMemory<byte>.Empty, "127.0.0.1:1", declaredSha256, v2)));
        return new NetworkStream(client, ownsSocket: false);
    }

    private static async Task ExpectReadyFlagAsync(Stream client) =>
        Assert.Equal("10101010", Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(client, 8)));

    private static async Task<TransferWire.Outcome> ReadOutcomeAsync(Stream client)
    {
        var rest = await Loopback.ReadToEndAsync(client);
        Assert.True(TransferWire.TryParseOutcome(rest.AsSpan().TrimEnd((byte)'\n'), out var outcome), Encoding.UTF8.GetString(rest));
        return outcome;
    }

    [Fact]
    public void A_transfer_whose_client_never_connects_fails_after_the_connect_timeout()
    {
        Start(Upload("/up.bin", 3));
        Watch(_transfer);
        Scheduler.Advance(_settings.ConnectTimeout - TimeSpan.FromMilliseconds(1));
        _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        var failed = _parent.ExpectMsg<TransferReport.Failed>();
        Assert.Equal(StatusCode.Timeout, failed.Status);
        Assert.Equal(ErrorCode.Timeout, failed.Error);
        ExpectTerminated(_transfer);
    }

    [Fact]
    public void A_transfer_whose_token_expires_unused_fails_with_timeout()
    {
        Start(Upload("/up.bin", 3));
        _host.Tell(new ForwardingParent.ToChild(new TokenRegistry.Expired("tok")));
        Assert.Equal(ErrorCode.Timeout, _parent.ExpectMsg<TransferReport.Failed>().Error);
    }

    [Fact]
    public async Task A_transfer_that_sees_no_data_for_60s_fails_and_discards_its_staged_file()
    {
        Start(Upload("/up.bin", 3));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        Assert.Single(_store.ListStaged());

        Scheduler.Advance(_settings.IdleTimeout - TimeSpan.FromMilliseconds(1));
        _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        var failed = _parent.ExpectMsg<TransferReport.Failed>();
        Assert.Equal(StatusCode.Timeout, failed.Status);
        Assert.Empty(_store.ListStaged());
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
        Assert.Equal(StatusCode.Timeout, (await ReadOutcomeAsync(client)).Status);
    }

    [Fact]
    public async Task BugFix_an_upload_that_trickles_is_not_failed_for_idleness_while_bytes_keep_arriving()
    {
        Start(Upload("/slow.bin", 3));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        for (var i = 1; i <= 2; i++)
        {
            await client.WriteAsync(new[] { (byte)i });
            var bytes = i;
            _parent.ExpectMsg<TransferReport.Progress>(p => p.Bytes == bytes);
            Scheduler.Advance(_settings.IdleTimeout - TimeSpan.FromSeconds(1));
            _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        }
        await client.WriteAsync(new byte[] { 3 });
        _parent.FishForMessage<TransferReport>(r => r is TransferReport.Verified);
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(_temp.HostPath("slow.bin")));
    }

    [Fact]
    public async Task An_upload_whose_bytes_match_the_declared_checksum_is_stored_and_reported_verified()
    {
        var content = "hello"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        Start(Upload("/up.bin", content.Length, sha));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        await client.WriteAsync(content);
        var verified = _parent.FishForMessage<TransferReport>(r => r is TransferReport.Verified);
        Assert.Equal(sha, ((TransferReport.Verified)verified).Sha256);
        Assert.Equal(content, await File.ReadAllBytesAsync(_temp.HostPath("up.bin")));
        var outcome = await ReadOutcomeAsync(client);
        Assert.Equal(StatusCode.Created, outcome.Status);
        Assert.Equal(sha, outcome.Sha256);
        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public async Task A_checksum_mismatch_discards_the_staged_file_and_reports_422()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData("hello"u8));
        Start(Upload("/up.bin", 5, sha));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        await client.WriteAsync("HELLO"u8.ToArray());
        var failed = (TransferReport.Failed)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);
        Assert.Equal(StatusCode.ChecksumMismatch, failed.Status);
        Assert.Equal(ErrorCode.ChecksumMismatch, failed.Error);
        Assert.Empty(_store.ListStaged());
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
        Assert.Equal(StatusCode.ChecksumMismatch, (await ReadOutcomeAsync(client)).Status);
    }

    [Fact]
    public async Task A_legacy_upload_with_a_wrong_handshake_checksum_is_not_stored()
    {
        Start(Upload("/up.bin", 5, sha256: null, ProtocolMode.Legacy) with { Size = null });
        using var client = await ConnectAsync(v2: false, declaredSha256: new string('0', 64));
        await ExpectReadyFlagAsync(client);
        await client.WriteAsync("hello"u8.ToArray());
        client.Socket.Shutdown(SocketShutdown.Send);
        var failed = (TransferReport.Failed)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);
        Assert.Equal(ErrorCode.ChecksumMismatch, failed.Error);
        Assert.Empty(_store.ListStaged());
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
        Assert.Empty(await Loopback.ReadToEndAsync(client)); // legacy peers get no outcome line
    }

    [Fact]
    public async Task A_cut_upload_discards_its_staged_file()
    {
        Start(Upload("/up.bin", 1000));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        await client.WriteAsync(new byte[10]);
        client.Socket.Shutdown(SocketShutdown.Send);
        _parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);
        Assert.Empty(_store.ListStaged());
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
    }

    [Fact]
    public async Task A_cancelled_transfer_fails_with_the_given_reason_and_discards_its_staged_file()
    {
        Start(Upload("/up.bin", 1000));
        using var client = await ConnectAsync();
        await ExpectReadyFlagAsync(client);
        _host.Tell(new ForwardingParent.ToChild(new CancelTransfer(StatusCode.Unavailable, ErrorCode.ShuttingDown, "the node is stopping")));
        var failed = (TransferReport.Failed)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);
        Assert.Equal(ErrorCode.ShuttingDown, failed.Error);
        Assert.Empty(_store.ListStaged());
        Assert.Equal(StatusCode.Unavailable, (await ReadOutcomeAsync(client)).Status);
    }

    [Fact]
    public async Task A_download_sends_exactly_the_file_and_reports_its_digest()
    {
        _temp.WriteFile("a.txt", "abcdef");
        var entry = _store.Stat(VirtualPath.Parse("/a.txt"));
        Start(new TransferPlan(TransferDirection.Download, VirtualPath.Parse("/a.txt"), entry.Size, null, 2, false, ProtocolMode.V2, 3, entry.LastWriteTimeUtc));
        using var client = await ConnectAsync();
        Assert.Equal("cdef", Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(client)));
        var verified = (TransferReport.Verified)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Verified);
        Assert.Equal(6, verified.Bytes);
    }

    [Fact]
    public async Task BugFix_a_download_to_a_slow_reader_is_not_failed_for_idleness_while_bytes_keep_leaving()
    {
        const int Slice = 64 * 1024;
        var content = RandomNumberGenerator.GetBytes(3 * Slice);
        await File.WriteAllBytesAsync(_temp.HostPath("slow.bin"), content);
        var entry = _store.Stat(VirtualPath.Parse("/slow.bin"));
        Start(new TransferPlan(TransferDirection.Download, entry.Path, entry.Size, null, 0, false, ProtocolMode.V2, 3, entry.LastWriteTimeUtc));
        // A peer that takes only what it reads: every write waits until the test has read it.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1, useSynchronizationContext: false));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(socket);
        _host.Tell(new ForwardingParent.ToChild(new TransferConnection(pipe.Writer.AsStream(), socket, ReadOnlyMemory<byte>.Empty, "127.0.0.1:1", null, true)));
        var peer = pipe.Reader.AsStream();
        var received = new List<byte>();
        for (var i = 1; i <= 3; i++)
        {
            received.AddRange(await Loopback.ReadUpToAsync(peer, Slice));
            var bytes = (long)i * Slice;
            _parent.ExpectMsg<TransferReport.Progress>(p => p.Bytes == bytes);
            if (i < 3)
            {
                Scheduler.Advance(_settings.IdleTimeout - TimeSpan.FromSeconds(1));
                _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
            }
        }
        _parent.FishForMessage<TransferReport>(r => r is TransferReport.Verified);
        Assert.Equal(content, received);
    }

    [Fact]
    public async Task A_download_of_a_file_changed_since_the_offer_fails_with_409()
    {
        _temp.WriteFile("a.txt", "abcdef");
        var entry = _store.Stat(VirtualPath.Parse("/a.txt"));
        _temp.WriteFile("a.txt", "abcdefgh");
        Start(new TransferPlan(TransferDirection.Download, VirtualPath.Parse("/a.txt"), entry.Size, null, 0, false, ProtocolMode.V2, 3, entry.LastWriteTimeUtc));
        using var client = await ConnectAsync();
        var failed = (TransferReport.Failed)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);
        Assert.Equal(StatusCode.Conflict, failed.Status);
        Assert.Empty(await Loopback.ReadToEndAsync(client));
    }
}
