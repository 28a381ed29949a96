using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Commands;

public sealed class TransferCommandsSpec : IDisposable
{
    private const string HelloDigest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private readonly CommandsFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Legacy_get_starts_a_download_whose_reply_embeds_the_ticket_byte_for_byte()
    {
        _f.Temp.WriteFile("docs/Rute.pdf", "hello");
        var mtime = File.GetLastWriteTimeUtc(_f.Temp.HostPath("docs/Rute.pdf"));
        await _f.LegacyAsync("cd", "docs");

        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "get", "argument": "Rute.pdf"}"""));

        Assert.Equal(
            new TransferPlan(TransferDirection.Download, VirtualPath.Parse("/docs/Rute.pdf"), 5, HelloDigest, 0, false, ProtocolMode.Legacy, null, mtime),
            start.Plan);
        Assert.Equal(
            """{"status_code": 200, "operation": "get", "absolute_path": "/docs/Rute.pdf", "filesize": 5, "token": "TOKEN_abc-123", "transfer_port": 3000, "sha256sum": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}""",
            CommandsFixture.Text(start.BuildReply(CommandsFixture.Ticket)));
    }

    [Fact]
    public async Task Legacy_get_caches_the_digest_so_a_repeat_does_not_rehash()
    {
        _f.Temp.WriteFile("a.txt", "hello");
        await _f.SendAsync("""{"command": "get", "argument": "a.txt"}""");

        Assert.Equal(HelloDigest, _f.Store.Stat(VirtualPath.Parse("/a.txt")).Sha256);
    }

    [Fact]
    public async Task Legacy_put_starts_an_upload_of_unknown_size_whose_reply_has_null_size_and_digest()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("docs"));
        await _f.LegacyAsync("cd", "docs");

        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "put", "argument": "up.bin"}"""));

        Assert.Equal(
            new TransferPlan(TransferDirection.Upload, VirtualPath.Parse("/docs/up.bin"), null, null, 0, false, ProtocolMode.Legacy, null, null),
            start.Plan);
        Assert.Equal(
            """{"status_code": 200, "operation": "put", "absolute_path": "/docs/up.bin", "filesize": null, "token": "TOKEN_abc-123", "transfer_port": 3000, "sha256sum": null}""",
            CommandsFixture.Text(start.BuildReply(CommandsFixture.Ticket)));
    }

    [Theory]
    [InlineData(nameof(TransferRefusal.TooManyTransfers))]
    [InlineData(nameof(TransferRefusal.ShuttingDown))]
    [InlineData(nameof(TransferRefusal.Internal))]
    public async Task A_refused_legacy_transfer_gets_a_legacy_error(string refusalName)
    {
        var refusal = Enum.Parse<TransferRefusal>(refusalName);
        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "put", "argument": "up.bin"}"""));

        Assert.Equal(
            """{"status_code": 500, "status_message": "Invalid command or argument(s)", "content": null}""",
            CommandsFixture.Text(start.BuildRefusal(refusal)));
    }

    [Fact]
    public async Task V2_get_starts_a_download_from_the_offset_and_replies_202_with_the_ticket()
    {
        _f.Temp.WriteFile("docs/a.txt", "hello");
        var mtime = File.GetLastWriteTimeUtc(_f.Temp.HostPath("docs/a.txt"));
        await _f.HelloAsync();

        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"id":10,"command":"get","path":"docs/a.txt","offset":2}"""));

        Assert.Equal(
            new TransferPlan(TransferDirection.Download, VirtualPath.Parse("/docs/a.txt"), 5, HelloDigest, 2, false, ProtocolMode.V2, 10, mtime),
            start.Plan);
        var reply = CommandsFixture.Parse(start.BuildReply(CommandsFixture.Ticket with { Host = "node-b.example" }));
        V2Reply.AssertOk(reply, 10, "get", 202);
        var content = V2Reply.Content(reply);
        Assert.Equal("t-1", content.GetProperty("transfer").GetString());
        Assert.Equal("/docs/a.txt", content.GetProperty("path").GetString());
        Assert.Equal(5, content.GetProperty("size").GetInt64());
        Assert.Equal(new DateTimeOffset(mtime).ToUnixTimeMilliseconds(), content.GetProperty("mtime").GetInt64());
        Assert.Equal(HelloDigest, content.GetProperty("sha256").GetString());
        Assert.Equal(2, content.GetProperty("offset").GetInt64());
        Assert.Equal("TOKEN_abc-123", content.GetProperty("token").GetString());
        Assert.Equal("node-b.example", content.GetProperty("host").GetString());
        Assert.Equal(3000, content.GetProperty("port").GetInt32());
        Assert.Equal(60, content.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task V2_get_at_the_end_of_the_file_is_allowed_and_beyond_it_is_a_bad_offset()
    {
        _f.Temp.WriteFile("a.txt", "hello");
        await _f.HelloAsync();

        Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"id":1,"command":"get","path":"a.txt","offset":5}"""));
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"get","path":"a.txt","offset":6}"""), 400, "bad_request", "offset");
    }

    [Fact]
    public async Task V2_get_of_a_directory_or_a_missing_file_is_refused()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"get","path":"d"}"""), 409, "is_a_directory");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"get","path":"nope"}"""), 404, "not_found");
    }

    [Fact]
    public async Task V2_put_starts_an_upload_with_the_declared_size_and_lowercased_digest()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("docs"));
        await _f.HelloAsync();

        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync(
            """{"id":11,"command":"put","path":"docs/up.bin","size":5,"sha256":"2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"}"""));

        Assert.Equal(
            new TransferPlan(TransferDirection.Upload, VirtualPath.Parse("/docs/up.bin"), 5, HelloDigest, 0, false, ProtocolMode.V2, 11, null),
            start.Plan);
        Assert.Equal(
            "{\"type\":\"reply\",\"id\":11,\"command\":\"put\",\"status\":202,\"content\":{\"transfer\":\"t-1\",\"path\":\"/docs/up.bin\",\"size\":5,\"offset\":0,\"token\":\"TOKEN_abc-123\",\"host\":null,\"port\":3000,\"expires_in\":60}}\n",
            CommandsFixture.Text(start.BuildReply(CommandsFixture.Ticket)));
    }

    [Fact]
    public async Task V2_put_over_an_existing_file_needs_overwrite()
    {
        _f.Temp.WriteFile("a.txt", "a");
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"put","path":"a.txt","size":1}"""), 409, "exists");
        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"id":2,"command":"put","path":"a.txt","size":1,"overwrite":true}"""));
        Assert.True(start.Plan.Overwrite);
    }

    [Fact]
    public async Task V2_put_onto_a_directory_or_under_a_missing_parent_is_refused()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        _f.Temp.WriteFile("f", "f");
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"put","path":"d","size":1,"overwrite":true}"""), 409, "is_a_directory");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"put","path":"missing/a","size":1}"""), 404, "not_found");
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"put","path":"f/a","size":1}"""), 409, "not_a_directory");
    }

    [Fact]
    public async Task V2_put_larger_than_the_free_space_is_insufficient_storage()
    {
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async($$"""{"id":1,"command":"put","path":"huge","size":{{long.MaxValue}}}"""), 507, "insufficient_storage");
    }

    [Theory]
    [InlineData(nameof(TransferRefusal.TooManyTransfers), 429, "too_many_requests")]
    [InlineData(nameof(TransferRefusal.ShuttingDown), 503, "shutting_down")]
    [InlineData(nameof(TransferRefusal.Internal), 500, "internal")]
    public async Task A_refused_v2_transfer_gets_an_error_reply_with_the_request_id(string refusalName, int status, string error)
    {
        var refusal = Enum.Parse<TransferRefusal>(refusalName);
        await _f.HelloAsync();
        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"id":5,"command":"put","path":"a","size":1}"""));

        var reply = CommandsFixture.Parse(start.BuildRefusal(refusal));

        V2Reply.AssertError(reply, status, error);
        Assert.Equal(5, reply.GetProperty("id").GetInt64());
        Assert.Equal("put", reply.GetProperty("command").GetString());
    }

    [Fact]
    public void Transfer_events_are_encoded_for_v2_plans()
    {
        var plan = new TransferPlan(TransferDirection.Upload, VirtualPath.Parse("/docs/up.bin"), 1048576, null, 0, false, ProtocolMode.V2, 11, null);
        var ticket = CommandsFixture.Ticket with { TransferId = "t-11" };

        Assert.Equal(
            "{\"type\":\"event\",\"event\":\"progress\",\"id\":11,\"transfer\":\"t-11\",\"bytes\":524288,\"total\":1048576}\n",
            CommandsFixture.Text(TransferEvents.Progress(plan, ticket, 524288)));
        Assert.Equal(
            "{\"type\":\"event\",\"event\":\"verified\",\"id\":11,\"transfer\":\"t-11\",\"path\":\"/docs/up.bin\",\"bytes\":1048576,\"sha256\":\"" + HelloDigest + "\"}\n",
            CommandsFixture.Text(TransferEvents.Verified(plan, ticket, 1048576, HelloDigest)));
        var failed = CommandsFixture.Parse(TransferEvents.Failed(plan, ticket, ErrorCode.ChecksumMismatch, "The upload's SHA-256 differs from the declared one; nothing was stored.")!);
        Assert.Equal("failed", failed.GetProperty("event").GetString());
        Assert.Equal(422, failed.GetProperty("status").GetInt32());
        Assert.Equal("checksum_mismatch", failed.GetProperty("error").GetString());
    }

    [Fact]
    public void A_storage_failure_event_uses_the_reply_mapping_and_hides_io_details()
    {
        var plan = new TransferPlan(TransferDirection.Upload, VirtualPath.Parse("/up.bin"), 1, null, 0, false, ProtocolMode.V2, 3, null);

        var exists = CommandsFixture.Parse(TransferEvents.Failed(plan, CommandsFixture.Ticket, StorageErrors.AlreadyExists(plan.Path))!);
        var io = CommandsFixture.Parse(TransferEvents.Failed(plan, CommandsFixture.Ticket, StorageErrors.FromErrno(5, plan.Path, "write"))!);

        Assert.Equal(409, exists.GetProperty("status").GetInt32());
        Assert.Equal("exists", exists.GetProperty("error").GetString());
        Assert.Equal(500, io.GetProperty("status").GetInt32());
        Assert.DoesNotContain("errno", io.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_plans_get_no_events()
    {
        var plan = new TransferPlan(TransferDirection.Download, VirtualPath.Parse("/a"), 5, HelloDigest, 0, false, ProtocolMode.Legacy, null, null);

        Assert.Null(TransferEvents.Progress(plan, CommandsFixture.Ticket, 1));
        Assert.Null(TransferEvents.Verified(plan, CommandsFixture.Ticket, 5, HelloDigest));
        Assert.Null(TransferEvents.Failed(plan, CommandsFixture.Ticket, ErrorCode.Timeout, "The client never connected."));
    }

    [Fact]
    public async Task Upload_plans_can_be_committed_through_the_store_under_the_planned_path()
    {
        // The plan's path is what the Transfer actor hands to BeginUpload: a round trip proves it is usable as is.
        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "put", "argument": "up.txt"}"""));
        using var upload = _f.Store.BeginUpload(new UploadIntent(start.Plan.Path));
        _f.Store.CommitUpload(upload, start.Plan.Overwrite);

        Assert.True(File.Exists(_f.Temp.HostPath("up.txt")));
    }
}
