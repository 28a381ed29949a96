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

/// <summary>The Transfer actor's side of resumable uploads, in virtual time: what an interruption keeps, and how a resume finishes.</summary>
public sealed class TransferResumeSpecs : TestKit
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(20);
    private static readonly string ContentSha = Convert.ToHexStringLower(SHA256.HashData(Content));

    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;
    private readonly TestProbe _parent;
    private readonly List<Socket> _sockets = [];
    private TransferSettings _settings;
    private IActorRef _host = ActorRefs.Nobody;

    public TransferResumeSpecs() : base(VirtualTime())
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

    private static UploadIntent Intent(string? sha = null) => new(VirtualPath.Parse("/up.bin"), DeclaredSize: Content.Length, DeclaredSha256: sha ?? ContentSha);

    private static TransferPlan Upload(long offset = 0, string? sha = null) =>
        new(TransferDirection.Upload, VirtualPath.Parse("/up.bin"), Content.Length, sha ?? ContentSha, offset, false, ProtocolMode.V2, 11, null);

    private void Start(TransferPlan plan, bool awaitStarted = true)
    {
        _host = Sys.ActorOf(ForwardingParent.Props(Transfer.Props("t-1", plan, _store, _settings), "transfer-t-1", _parent.Ref), "host");
        if (!awaitStarted) return;
        _host.Tell(new ForwardingParent.ToChild(new Identify("started")));
        ExpectMsg<ActorIdentity>();
    }

    private async Task<NetworkStream> ConnectAsync()
    {
        var (node, client) = await NodeActorSupport.SocketPairAsync();
        _sockets.Add(node);
        _sockets.Add(client);
        _host.Tell(new ForwardingParent.ToChild(new TransferConnection(new NetworkStream(node, ownsSocket: true), node, ReadOnlyMemory<byte>.Empty, "127.0.0.1:1", null, true)));
        var stream = new NetworkStream(client, ownsSocket: true); // disposing it is the client going away
        Assert.Equal("10101010", Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(stream, 8)));
        return stream;
    }

    /// <summary>Stages <paramref name="count"/> bytes of the content and keeps them, as an earlier interrupted transfer would have.</summary>
    private void KeepEarlierPart(int count)
    {
        var upload = _store.BeginUpload(Intent());
        upload.Content.Write(Content, 0, count);
        Assert.True(_store.KeepUpload(upload));
    }

    private TransferReport.Failed ExpectFailed() => (TransferReport.Failed)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Failed);

    private void AwaitKept(long length) =>
        AwaitAssert(() => Assert.Equal((length, false), _store.FindKeptUpload(Intent()) is { } k ? (k.Length, k.InUse) : (-1, true)), Loopback.Deadline);

    /// <summary>The bytes are written before the client closes, so the node reads them all before the end of the stream.</summary>
    [Fact]
    public async Task An_upload_cut_by_the_peer_keeps_every_byte_that_arrived_before_it_reports_the_failure()
    {
        Start(Upload());
        using (var client = await ConnectAsync())
        {
            await client.WriteAsync(Content.AsMemory(0, 7));
        }

        ExpectFailed();

        Assert.Equal(7, _store.FindKeptUpload(Intent())?.Length);
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
    }

    // A few bytes of a stalled peer wait in the copy loop's read buffer and are never written, so these
    // interruptions are shown on a resumed upload: the kept part must survive them, neither lost nor grown.

    [Fact]
    public async Task A_resumed_upload_that_stalls_past_the_idle_timeout_is_kept_again()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using var client = await ConnectAsync();
        _parent.FishForMessage<TransferReport>(r => r is TransferReport.Progress); // the kept part was read back

        Scheduler.Advance(_settings.IdleTimeout);

        Assert.Equal(StatusCode.Timeout, ExpectFailed().Status);
        AwaitKept(7);
    }

    [Fact]
    public async Task A_resumed_upload_cancelled_because_the_node_shuts_down_is_kept_again()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using var client = await ConnectAsync();
        await client.WriteAsync(Content.AsMemory(7, 2));

        _host.Tell(new ForwardingParent.ToChild(new CancelTransfer(StatusCode.Unavailable, ErrorCode.ShuttingDown, "the node is shutting down")));

        Assert.Equal(ErrorCode.ShuttingDown, ExpectFailed().Error);
        AwaitKept(7);
    }

    [Fact]
    public async Task A_resumed_upload_whose_transfer_is_stopped_mid_stream_is_kept_again()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using var client = await ConnectAsync();

        Sys.Stop(_host);

        AwaitKept(7);
    }

    [Fact]
    public void A_resumed_upload_whose_client_never_connects_is_kept_again()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        Assert.True(_store.FindKeptUpload(Intent())!.InUse);

        Scheduler.Advance(_settings.ConnectTimeout);

        Assert.Equal(StatusCode.Timeout, ExpectFailed().Status);
        AwaitKept(7);
    }

    [Fact]
    public async Task With_keeping_disabled_a_cut_upload_is_discarded()
    {
        _settings = _settings with { KeepPartialUploads = TimeSpan.Zero };
        Start(Upload());
        using (var client = await ConnectAsync())
        {
            await client.WriteAsync(Content.AsMemory(0, 7));
        }

        ExpectFailed();

        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public async Task A_cut_upload_that_declared_no_sha256_is_discarded()
    {
        Start(Upload() with { Sha256 = null });
        using (var client = await ConnectAsync())
        {
            await client.WriteAsync(Content.AsMemory(0, 7));
        }

        ExpectFailed();

        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public async Task A_resumed_upload_appends_the_rest_verifies_the_whole_file_and_reports_its_full_size()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using var client = await ConnectAsync();

        await client.WriteAsync(Content.AsMemory(7));

        var verified = (TransferReport.Verified)_parent.FishForMessage<TransferReport>(r => r is TransferReport.Verified);
        Assert.Equal((Content.Length, ContentSha), (verified.Bytes, verified.Sha256));
        var rest = await Loopback.ReadToEndAsync(client);
        Assert.True(TransferWire.TryParseOutcome(rest.AsSpan().TrimEnd((byte)'\n'), out var outcome));
        Assert.Equal((StatusCode.Created, (long?)Content.Length), (outcome.Status, outcome.Bytes));
        Assert.Equal(Content, await File.ReadAllBytesAsync(_temp.HostPath("up.bin")));
        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public async Task A_resume_whose_whole_file_digest_differs_fails_with_422_and_discards_the_kept_bytes()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using var client = await ConnectAsync();

        await client.WriteAsync(new byte[Content.Length - 7]);

        Assert.Equal(StatusCode.ChecksumMismatch, ExpectFailed().Status);
        Assert.Empty(_store.ListStaged());
        Assert.Null(_store.FindKeptUpload(Intent()));
        Assert.False(File.Exists(_temp.HostPath("up.bin")));
    }

    [Fact]
    public void A_resume_whose_kept_part_another_transfer_holds_fails_with_409_before_the_client_connects()
    {
        KeepEarlierPart(7);
        using var other = _store.ResumeUpload(Intent());

        Start(Upload(offset: 7), awaitStarted: false);

        var failed = ExpectFailed();
        Assert.Equal((StatusCode.Conflict, ErrorCode.Conflict), (failed.Status, failed.Error));
        Assert.True(_store.FindKeptUpload(Intent())!.InUse);
    }

    [Fact]
    public void A_resume_whose_kept_part_changed_since_the_put_fails_with_409_and_keeps_the_part()
    {
        KeepEarlierPart(9);

        Start(Upload(offset: 7), awaitStarted: false);

        Assert.Equal(ErrorCode.Conflict, ExpectFailed().Error);
        Assert.Equal(9, _store.FindKeptUpload(Intent())?.Length);
        Assert.False(_store.FindKeptUpload(Intent())!.InUse);
    }

    [Fact]
    public async Task A_resumed_upload_that_is_cut_again_keeps_the_kept_part_and_the_new_bytes()
    {
        KeepEarlierPart(7);
        Start(Upload(offset: 7));
        using (var client = await ConnectAsync())
        {
            await client.WriteAsync(Content.AsMemory(7, 5));
        }

        ExpectFailed();

        Assert.Equal(12, _store.FindKeptUpload(Intent())?.Length);
    }
}
