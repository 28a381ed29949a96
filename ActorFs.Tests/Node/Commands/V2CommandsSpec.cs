using System.Text.Json;
using ActorFs.Messages;
using ActorFs.Node.Commands;

namespace ActorFs.Tests.Node.Commands;

public sealed class V2CommandsSpec : IDisposable
{
    private readonly CommandsFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_valid_hello_switches_the_session_to_v2_and_describes_the_node()
    {
        var reply = await _f.V2Async("""{"id":1,"command":"hello","protocol":2,"client":"actorfs/1.0"}""");

        Assert.Equal(ProtocolMode.V2, _f.State.Mode);
        Assert.Equal(
            """{"type":"reply","id":1,"command":"hello","status":200,"content":{"protocol":2,"node":"node-a","server":"ActorFs/0.1.0","max_frame":65536,"features":["overwrite"],"cwd":"/"}}""",
            reply.GetRawText());
    }

    [Fact]
    public async Task A_hello_for_another_protocol_is_answered_in_v2_and_the_session_stays_legacy()
    {
        var reply = await _f.V2Async("""{"id":1,"command":"hello","protocol":3}""");

        V2Reply.AssertError(reply, 400, "unsupported_protocol", "protocol");
        Assert.Equal(ProtocolMode.Legacy, _f.State.Mode);
    }

    [Fact]
    public async Task A_hello_without_an_id_is_a_bad_request_and_the_session_stays_legacy()
    {
        var reply = await _f.V2Async("""{"command":"hello","protocol":2}""");

        V2Reply.AssertError(reply, 400, "bad_request", "id");
        Assert.Equal(ProtocolMode.Legacy, _f.State.Mode);
    }

    [Fact]
    public async Task A_second_hello_is_answered_like_the_first()
    {
        await _f.HelloAsync();
        var reply = await _f.V2Async("""{"id":7,"command":"hello","protocol":2}""");

        V2Reply.AssertOk(reply, 7, "hello");
        Assert.Equal(2, V2Reply.Content(reply).GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task After_hello_a_legacy_request_is_a_v2_bad_request()
    {
        await _f.HelloAsync();

        var reply = await _f.V2Async("""{"command": "pwd", "argument": null}""");

        V2Reply.AssertError(reply, 400, "bad_request", "id");
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("id").ValueKind);
    }

    [Theory]
    [InlineData("""{"id":4,"command":"frobnicate"}""", "unknown_command", "command")]
    [InlineData("""{"id":4,"command":"nodes","user":"x"}""", "unknown_command", "command")]
    [InlineData("""{"id":4,"command":"cd"}""", "bad_request", "path")]
    [InlineData("""{"id":4,"command":"cd","path":7}""", "bad_request", "path")]
    [InlineData("""{"id":4,"command":"ls","limit":0}""", "bad_request", "limit")]
    [InlineData("""{"id":4,"command":"put","path":"a"}""", "bad_request", "size")]
    public async Task Decode_errors_are_typed_error_replies_with_the_request_id(string request, string error, string field)
    {
        await _f.HelloAsync();

        var reply = await _f.V2Async(request);

        V2Reply.AssertError(reply, 400, error, field);
        Assert.Equal(4, reply.GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData(FrameStatus.TooLarge, FrameError.None, 413, "too_large")]
    [InlineData(FrameStatus.Malformed, FrameError.Garbage, 400, "bad_request")]
    public async Task A_refused_frame_gets_a_v2_error_with_a_null_id(FrameStatus status, FrameError error, int code, string wire)
    {
        await _f.HelloAsync();

        var reply = Assert.IsType<CommandOutcome.Reply>(_f.Commands.HandleBadFrame(status, error));
        var parsed = CommandsFixture.Parse(reply.Bytes);

        V2Reply.AssertError(parsed, code, wire);
        Assert.Equal(JsonValueKind.Null, parsed.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Pwd_and_cd_report_the_normalised_working_directory()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("docs/music"));
        await _f.HelloAsync();

        var cd = await _f.V2Async("""{"id":3,"command":"cd","path":"docs/./music/../music"}""");
        V2Reply.AssertOk(cd, 3, "cd");
        Assert.Equal("/docs/music", V2Reply.Content(cd).GetProperty("path").GetString());

        var pwd = await _f.V2Async("""{"id":4,"command":"pwd"}""");
        Assert.Equal("""{"type":"reply","id":4,"command":"pwd","status":200,"content":{"path":"/docs/music"}}""", pwd.GetRawText());
    }

    [Fact]
    public async Task Cd_errors_are_not_found_and_not_a_directory()
    {
        _f.Temp.WriteFile("a.txt", "a");
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"cd","path":"missing"}"""), 404, "not_found");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"cd","path":"a.txt"}"""), 409, "not_a_directory");
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
    }

    [Fact]
    public async Task Ls_lists_entries_with_kind_size_mtime_and_cached_digest()
    {
        _f.Temp.WriteFile("a.txt", "hello");
        Directory.CreateDirectory(_f.Temp.HostPath("sub"));
        await _f.Store.GetSha256Async(ActorFs.Node.Storage.VirtualPath.Parse("/a.txt"));
        var mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(_f.Temp.HostPath("a.txt"))).ToUnixTimeMilliseconds();
        await _f.HelloAsync();

        var reply = await _f.V2Async("""{"id":4,"command":"ls"}""");

        V2Reply.AssertOk(reply, 4, "ls");
        var content = V2Reply.Content(reply);
        Assert.Equal("/", content.GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, content.GetProperty("next").ValueKind);
        var entries = content.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("a.txt", entries[0].GetProperty("name").GetString());
        Assert.Equal("file", entries[0].GetProperty("kind").GetString());
        Assert.Equal(5, entries[0].GetProperty("size").GetInt64());
        Assert.Equal(mtime, entries[0].GetProperty("mtime").GetInt64());
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", entries[0].GetProperty("sha256").GetString());
        Assert.Equal("sub", entries[1].GetProperty("name").GetString());
        Assert.Equal("directory", entries[1].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("size").ValueKind);
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("sha256").ValueKind);
    }

    [Fact]
    public async Task Ls_pages_through_2500_entries_with_opaque_cursors()
    {
        for (var i = 0; i < 2500; i++)
        {
            File.WriteAllBytes(_f.Temp.HostPath($"e{i:D4}"), []);
        }

        await _f.HelloAsync();
        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var request = cursor is null
                ? """{"id":1,"command":"ls","path":"/"}"""
                : $$"""{"id":1,"command":"ls","path":"/","cursor":"{{cursor}}"}""";
            var content = V2Reply.Content(await _f.V2Async(request));
            names.AddRange(content.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            cursor = content.GetProperty("next").GetString();
            Assert.NotEqual(names[^1], cursor);
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"e{i:D4}"), names);
    }

    [Fact]
    public async Task Ls_honours_the_limit_and_resumes_after_the_last_entry_even_when_the_directory_changes()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            _f.Temp.WriteFile(name, name);
        }

        await _f.HelloAsync();
        var first = V2Reply.Content(await _f.V2Async("""{"id":1,"command":"ls","limit":2}"""));
        Assert.Equal(["a", "b"], first.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        File.Delete(_f.Temp.HostPath("a"));

        var second = V2Reply.Content(await _f.V2Async($$"""{"id":2,"command":"ls","limit":2,"cursor":"{{first.GetProperty("next").GetString()}}"}"""));

        Assert.Equal(["c", "d"], second.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Ls_uses_the_configured_page_size_by_default()
    {
        using var f = new CommandsFixture(new CommandSettings("n", "s", ListPageSize: 3));
        for (var i = 0; i < 5; i++)
        {
            f.Temp.WriteFile($"f{i}", "x");
        }

        await f.HelloAsync();
        var content = V2Reply.Content(await f.V2Async("""{"id":1,"command":"ls"}"""));

        Assert.Equal(3, content.GetProperty("entries").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, content.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("Lw")]
    [InlineData("")]
    public async Task Ls_with_a_cursor_the_node_did_not_issue_is_a_bad_request(string cursor)
    {
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async($$"""{"id":1,"command":"ls","cursor":"{{cursor}}"}"""), 400, "bad_request", "cursor");
    }

    [Fact]
    public async Task Ls_errors_are_not_found_and_not_a_directory()
    {
        _f.Temp.WriteFile("a.txt", "a");
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"ls","path":"nope"}"""), 404, "not_found");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"ls","path":"a.txt"}"""), 409, "not_a_directory");
    }

    [Fact]
    public async Task Mkdir_answers_201_with_the_new_path()
    {
        await _f.HelloAsync();

        var reply = await _f.V2Async("""{"id":7,"command":"mkdir","path":"new"}""");

        Assert.Equal("""{"type":"reply","id":7,"command":"mkdir","status":201,"content":{"path":"/new"}}""", reply.GetRawText());
        Assert.True(Directory.Exists(_f.Temp.HostPath("new")));
    }

    [Fact]
    public async Task Mkdir_errors_are_exists_and_not_found_for_a_missing_parent()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"mkdir","path":"d"}"""), 409, "exists");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"mkdir","path":"x/y"}"""), 404, "not_found");
    }

    [Fact]
    public async Task Rm_removes_a_file_and_refuses_directories_and_missing_paths()
    {
        _f.Temp.WriteFile("a.txt", "a");
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        await _f.HelloAsync();

        Assert.Equal("""{"type":"reply","id":1,"command":"rm","status":200,"content":{"path":"/a.txt"}}""", (await _f.V2Async("""{"id":1,"command":"rm","path":"a.txt"}""")).GetRawText());
        Assert.False(File.Exists(_f.Temp.HostPath("a.txt")));
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"rm","path":"d"}"""), 409, "is_a_directory");
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"rm","path":"a.txt"}"""), 404, "not_found");
    }

    [Fact]
    public async Task Rmdir_removes_an_empty_directory_and_refuses_the_rest()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("empty"));
        _f.Temp.WriteFile("full/x", "x");
        await _f.HelloAsync();

        V2Reply.AssertOk(await _f.V2Async("""{"id":1,"command":"rmdir","path":"empty"}"""), 1, "rmdir");
        Assert.False(Directory.Exists(_f.Temp.HostPath("empty")));
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"rmdir","path":"full"}"""), 409, "not_empty");
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"rmdir","path":"full/x"}"""), 409, "not_a_directory");
        V2Reply.AssertError(await _f.V2Async("""{"id":4,"command":"rmdir","path":"empty"}"""), 404, "not_found");
        V2Reply.AssertError(await _f.V2Async("""{"id":5,"command":"rmdir","path":"/"}"""), 403, "forbidden");
    }

    [Fact]
    public async Task Mv_renames_and_refuses_an_existing_target_unless_overwrite()
    {
        _f.Temp.WriteFile("docs/a.txt", "a");
        _f.Temp.WriteFile("docs/b.txt", "b");
        await _f.HelloAsync();
        await _f.V2Async("""{"id":0,"command":"cd","path":"docs"}""");

        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"mv","from":"a.txt","to":"b.txt"}"""), 409, "exists");
        Assert.Equal("b", File.ReadAllText(_f.Temp.HostPath("docs/b.txt")));

        var reply = await _f.V2Async("""{"id":2,"command":"mv","from":"a.txt","to":"b.txt","overwrite":true}""");

        Assert.Equal("""{"type":"reply","id":2,"command":"mv","status":200,"content":{"from":"/docs/a.txt","to":"/docs/b.txt"}}""", reply.GetRawText());
        Assert.Equal("a", File.ReadAllText(_f.Temp.HostPath("docs/b.txt")));
        Assert.False(File.Exists(_f.Temp.HostPath("docs/a.txt")));
    }

    [Fact]
    public async Task Mv_never_replaces_a_directory_and_reports_a_missing_source()
    {
        _f.Temp.WriteFile("a.txt", "a");
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        await _f.HelloAsync();

        var replaced = await _f.V2Async("""{"id":1,"command":"mv","from":"a.txt","to":"d","overwrite":true}""");
        Assert.Equal(409, replaced.GetProperty("status").GetInt32());
        Assert.True(Directory.Exists(_f.Temp.HostPath("d")));
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"mv","from":"nope","to":"x"}"""), 404, "not_found");
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"mv","from":"a.txt","to":"bad\u0000name"}"""), 400, "bad_request", "to");
    }

    [Fact]
    public async Task Stat_describes_a_file_and_a_directory()
    {
        _f.Temp.WriteFile("docs/a.txt", "hello");
        await _f.HelloAsync();

        var file = V2Reply.Content(await _f.V2Async("""{"id":1,"command":"stat","path":"/docs/a.txt"}"""));
        Assert.Equal("/docs/a.txt", file.GetProperty("path").GetString());
        Assert.Equal("a.txt", file.GetProperty("name").GetString());
        Assert.Equal("file", file.GetProperty("kind").GetString());
        Assert.Equal(5, file.GetProperty("size").GetInt64());

        var dir = V2Reply.Content(await _f.V2Async("""{"id":2,"command":"stat","path":"docs"}"""));
        Assert.Equal("directory", dir.GetProperty("kind").GetString());
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"stat","path":"nope"}"""), 404, "not_found");
    }

    [Fact]
    public async Task Sha256_computes_the_digest_with_the_size_and_time_it_belongs_to()
    {
        _f.Temp.WriteFile("a.txt", "hello");
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        await _f.HelloAsync();

        var reply = await _f.V2Async("""{"id":1,"command":"sha256","path":"a.txt"}""");

        V2Reply.AssertOk(reply, 1, "sha256");
        var content = V2Reply.Content(reply);
        Assert.Equal("/a.txt", content.GetProperty("path").GetString());
        Assert.Equal(5, content.GetProperty("size").GetInt64());
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", content.GetProperty("sha256").GetString());
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"sha256","path":"d"}"""), 409, "is_a_directory");
        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"sha256","path":"nope"}"""), 404, "not_found");
    }

    [Fact]
    public async Task Help_lists_every_command_and_one_on_request()
    {
        await _f.HelloAsync();

        var all = V2Reply.Content(await _f.V2Async("""{"id":1,"command":"help"}"""));
        Assert.Equal(
            ["hello", "pwd", "cd", "ls", "mkdir", "rm", "rmdir", "mv", "stat", "sha256", "get", "put", "append", "write", "auth", "logout", "passwd", "whoami", "share", "unshare", "public", "info", "user", "help", "bye"],
            all.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var mv = V2Reply.Content(await _f.V2Async("""{"id":2,"command":"help","topic":"mv"}"""));
        var only = Assert.Single(mv.GetProperty("commands").EnumerateArray().ToList());
        Assert.Equal("mv from to [overwrite]", only.GetProperty("usage").GetString());

        V2Reply.AssertError(await _f.V2Async("""{"id":3,"command":"help","topic":"nope"}"""), 404, "not_found", "topic");
    }

    [Fact]
    public async Task Bye_replies_and_closes_the_session()
    {
        await _f.HelloAsync();

        var outcome = await _f.SendAsync("""{"id":12,"command":"bye"}""");

        var close = Assert.IsType<CommandOutcome.ReplyAndClose>(outcome);
        Assert.Equal("{\"type\":\"reply\",\"id\":12,\"command\":\"bye\",\"status\":200,\"content\":null}\n", CommandsFixture.Text(close.Bytes));
    }
}
