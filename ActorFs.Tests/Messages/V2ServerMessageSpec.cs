using System.Text;
using ActorFs.Messages;
using Newtonsoft.Json.Linq;
using static ActorFs.Messages.V2;

namespace ActorFs.Tests.Messages;

public sealed class V2ServerMessageSpec
{
    private static readonly string Sha = string.Concat(Enumerable.Repeat("9e", 32));
    private static readonly DateTimeOffset Mtime = DateTimeOffset.FromUnixTimeMilliseconds(1_763_724_055_123);

    public static TheoryData<ServerMessage> EveryMessage() =>
    [
        new Replies.Hello(1, ProtocolVersion, "node-a", "ActorFs/0.1.0", JsonFrameDecoder.DefaultMaxFrameBytes, ["resume", "overwrite"], "/"),
        new Replies.Hello(2, ProtocolVersion, "node-b", "ActorFs/0.1.0", 1024, [], "/home/\u00e9"),
        new Replies.Pwd(3, "/docs"),
        new Replies.Cd(4, "/docs/a b"),
        new Replies.Ls(5, "/", [], null),
        new Replies.Ls(6, "/docs",
        [
            new Entry("a.txt", EntryKind.File, 5, Mtime, Sha),
            new Entry("sub", EntryKind.Directory, null, Mtime, null),
            new Entry("\U0001F600 fifo", EntryKind.Other, null, DateTimeOffset.UnixEpoch, null),
            new Entry("big.iso", EntryKind.File, long.MaxValue, Mtime.AddYears(-60), null),
        ], "cursor:sub"),
        new Replies.Mkdir(7, "/new"),
        new Replies.Rm(8, "/f"),
        new Replies.Rmdir(9, "/d"),
        new Replies.Mv(10, "/a", "/b"),
        new Replies.Stat(11, "/docs/a.txt", new Entry("a.txt", EntryKind.File, 5, Mtime, Sha)),
        new Replies.Stat(12, "/", new Entry("/", EntryKind.Directory, null, Mtime, null)),
        new Replies.Sha256(13, "/a.txt", 5, Mtime, Sha),
        new Replies.Get(14, "t-14", "/docs/Rute.pdf", 5378210, Mtime, Sha, 0, "tok_abc-DEF", null, 3000, 60),
        new Replies.Get(15, "t-15", "/docs/Rute.pdf", 5378210, Mtime, Sha, 4096, "tok2", "node-b.example", 3001, 30),
        new Replies.Put(16, "t-16", "/up/new.bin", 0, 0, "tok3", null, 3000, 60),
        new Replies.Put(17, "t-17", "/up/big.bin", 1L << 40, 1L << 30, "tok4", "10.0.0.7", 65535, 60),
        new Replies.Help(18, [new CommandHelp("pwd", "pwd", "Print the working directory."), new CommandHelp("mv", "mv from to [overwrite]", "Move or rename.")]),
        new Replies.Bye(19),
        ErrorReply.Of(20, "cd", ErrorCode.NotFound, "No such directory: /nope"),
        ErrorReply.Of(null, null, ErrorCode.BadRequest, "The request is not valid JSON."),
        ErrorReply.Of(21, "put", ErrorCode.BadRequest, "'size' is required", "size"),
        ErrorReply.Of(22, "put", ErrorCode.InsufficientStorage, "Only 10 MiB left."),
        ErrorReply.Of(23, "get", ErrorCode.ShuttingDown, "The node is shutting down."),
        new Replies.Ls(24, "/home",
        [
            new Entry("ann", EntryKind.Directory, null, Mtime, null, Owner: "ann", Shared: true),
            new Entry("bob", EntryKind.Directory, null, Mtime, null, Owner: "bob", Shared: false),
            new Entry("node.txt", EntryKind.File, 3, Mtime, Sha, Shared: true),
        ], null),
        new Replies.Stat(25, "/home/ann/a.txt", new Entry("a.txt", EntryKind.File, 5, Mtime, Sha, "ann", true), [new Grant("bob", GrantLevel.Read), new Grant("cy", GrantLevel.Manage)], true),
        new Replies.Stat(26, "/home/ann", new Entry("ann", EntryKind.Directory, null, Mtime, null, "ann", false), [], false),
        new Replies.Stat(27, "/pub", new Entry("pub", EntryKind.Directory, null, Mtime, null), IsPublic: true),
        new Replies.Auth(28, "ann", false, "/home/ann", "tok_abc-DEF", 2_592_000),
        new Replies.Auth(29, "root", true, "/home/root"),
        new Replies.Logout(30),
        new Replies.Passwd(31, "tok_new", 2_592_000),
        new Replies.Whoami(32, "ann", false, "/home/ann", null),
        new Replies.Whoami(33, null, false, null, "read-only"),
        new Replies.Share(34, "/home/ann/docs", [new Grant("bob", GrantLevel.Write)], false),
        new Replies.Unshare(35, "/home/ann/docs", [], false),
        new Replies.Public(36, "/home/ann/pub", [new Grant("bob", GrantLevel.Read), new Grant("cy", GrantLevel.Manage)], true),
        new Replies.Info(37, "ann", 1024, 1L << 30, 3, 1000, (1L << 30) - 1024),
        new Replies.Info(38, null, 0, null, 0, null, long.MaxValue),
        new Replies.User(39, []),
        new Replies.User(40,
        [
            new UserSummary("ann", false, false, "/home/ann", 1L << 30, 1000, 1024, 3),
            new UserSummary("root", true, true, "/home/root", null, null, 0, 0),
        ]),
        new Replies.Append(41, "t-41", "/home/ann/log", 100, 4096, "tok5", null, 3000, 60),
        new Replies.Write(42, "t-42", "/home/ann/f", 1L << 20, 0, "tok6", "10.0.0.7", 3001, 30),
        ErrorReply.Of(43, "auth", ErrorCode.Unauthorized, "Wrong name or password."),
        ErrorReply.Of(44, "auth", ErrorCode.TooManyRequests, "Too many failed sign-ins; try again in 5 minutes."),
        ErrorReply.Of(45, "share", ErrorCode.Forbidden, "Permission denied: /home/bob (you have read)."),
        new Events.Progress(16, "t-16", 1024, 4096),
        new Events.Verified(16, "t-16", "/up/new.bin", 4096, Sha),
        new Events.Failed(17, "t-17", StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, "The upload's SHA-256 differs; nothing was stored."),
        new Events.Failed(14, "t-14", StatusCode.Timeout, ErrorCode.Timeout, "The client did not connect within 60 s."),
    ];

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void Every_reply_and_event_must_round_trip_from_the_node_encoder_to_the_client_decoder(ServerMessage message)
    {
        var bytes = V2ServerMessageEncoder.Encode(message);

        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.DoesNotContain((byte)'\n', bytes[..^1]);
        Assert.True(V2ServerMessageDecoder.TryDecode(bytes, out var decoded, out var problem), problem);
        Assert.IsType(message.GetType(), decoded);
        Assert.Equal(bytes, V2ServerMessageEncoder.Encode(decoded));
        Assert.Equivalent(message, decoded, strict: true);
    }

    [Fact]
    public void Every_error_code_must_round_trip_with_its_status()
    {
        foreach (var code in ErrorCodes.All)
        {
            var bytes = V2ServerMessageEncoder.Encode(ErrorReply.Of(1, "ls", code, "m"));

            Assert.True(V2ServerMessageDecoder.TryDecode(bytes, out var decoded, out _));
            var error = Assert.IsType<ErrorReply>(decoded);
            Assert.Equal(code, error.Error);
            Assert.Equal(code.Status(), error.Status);
        }
    }

    [Fact]
    public void Replies_and_events_must_be_told_apart_by_their_type_field()
    {
        var reply = JObject.Parse(Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(new Replies.Pwd(1, "/"))));
        var evt = JObject.Parse(Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(new Events.Progress(2, "t", 1, 2))));

        Assert.Equal("reply", (string?)reply["type"]);
        Assert.Equal("event", (string?)evt["type"]);
        Assert.Equal("progress", (string?)evt["event"]);
    }

    [Fact]
    public void A_reply_must_have_the_documented_wire_shape()
    {
        var bytes = V2ServerMessageEncoder.Encode(new Replies.Mkdir(7, "/new"));

        Assert.Equal("{\"type\":\"reply\",\"id\":7,\"command\":\"mkdir\",\"status\":201,\"content\":{\"path\":\"/new\"}}\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void An_error_reply_must_have_the_documented_wire_shape()
    {
        var bytes = V2ServerMessageEncoder.Encode(ErrorReply.Of(3, "rmdir", ErrorCode.NotEmpty, "Directory not empty: /d"));

        Assert.Equal(
            "{\"type\":\"reply\",\"id\":3,\"command\":\"rmdir\",\"status\":409,\"error\":\"not_empty\",\"message\":\"Directory not empty: /d\"}\n",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Transfer_replies_must_not_show_their_token_when_logged()
    {
        Assert.DoesNotContain("s3cr3t", new Replies.Get(1, "t", "/f", 1, Mtime, Sha, 0, "s3cr3t", null, 3000, 60).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", new Replies.Put(1, "t", "/f", 1, 0, "s3cr3t", null, 3000, 60).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_owner_or_shared_must_keep_the_wire_shape_it_had_before_accounts()
    {
        var entry = new Entry("a.txt", EntryKind.File, 5, DateTimeOffset.FromUnixTimeMilliseconds(7), null);

        Assert.Equal(
            "{\"type\":\"reply\",\"id\":1,\"command\":\"stat\",\"status\":200,\"content\":{\"path\":\"/a.txt\",\"name\":\"a.txt\",\"kind\":\"file\",\"size\":5,\"mtime\":7,\"sha256\":null}}\n",
            Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(new Replies.Stat(1, "/a.txt", entry))));
        Assert.Equal(
            "{\"type\":\"reply\",\"id\":2,\"command\":\"ls\",\"status\":200,\"content\":{\"path\":\"/\",\"entries\":[{\"name\":\"a.txt\",\"kind\":\"file\",\"size\":5,\"mtime\":7,\"sha256\":null}],\"next\":null}}\n",
            Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(new Replies.Ls(2, "/", [entry], null))));
    }

    [Fact]
    public void A_stat_reply_with_access_must_carry_owner_shared_grants_and_public_in_its_content()
    {
        var reply = new Replies.Stat(
            1, "/home/ann/d", new Entry("d", EntryKind.Directory, null, DateTimeOffset.FromUnixTimeMilliseconds(7), null, "ann", true),
            [new Grant("bob", GrantLevel.Write)], false);

        Assert.Equal(
            "{\"type\":\"reply\",\"id\":1,\"command\":\"stat\",\"status\":200,\"content\":{\"path\":\"/home/ann/d\",\"name\":\"d\",\"kind\":\"directory\",\"size\":null,\"mtime\":7,\"sha256\":null,\"owner\":\"ann\",\"shared\":true,\"grants\":[{\"user\":\"bob\",\"level\":\"write\"}],\"public\":false}}\n",
            Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(reply)));
    }

    [Fact]
    public void Account_replies_must_have_the_documented_wire_shapes()
    {
        static string Content(Reply reply) =>
            JObject.Parse(Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(reply)))["content"]!.ToString(Newtonsoft.Json.Formatting.None);

        Assert.Equal("""{"user":"ann","admin":false,"home":"/home/ann","token":"t","expires_in_seconds":60}""", Content(new Replies.Auth(1, "ann", false, "/home/ann", "t", 60)));
        Assert.Equal("""{"user":"ann","admin":false,"home":"/home/ann"}""", Content(new Replies.Auth(1, "ann", false, "/home/ann")));
        Assert.Equal("{}", Content(new Replies.Logout(1)));
        Assert.Equal("""{"token":"t","expires_in_seconds":60}""", Content(new Replies.Passwd(1, "t", 60)));
        Assert.Equal("""{"user":"ann","admin":true,"home":"/home/ann","anonymous":null}""", Content(new Replies.Whoami(1, "ann", true, "/home/ann", null)));
        Assert.Equal("""{"admin":false,"anonymous":"none"}""", Content(new Replies.Whoami(1, null, false, null, "none")));
        Assert.Equal("""{"path":"/p","grants":[{"user":"bob","level":"manage"}],"public":true}""", Content(new Replies.Public(1, "/p", [new Grant("bob", GrantLevel.Manage)], true)));
        Assert.Equal("""{"user":"ann","used_bytes":1,"quota_bytes":10,"used_files":2,"max_files":5,"free_bytes":9}""", Content(new Replies.Info(1, "ann", 1, 10, 2, 5, 9)));
        Assert.Equal("""{"used_bytes":1,"used_files":2,"free_bytes":9}""", Content(new Replies.Info(1, null, 1, null, 2, null, 9)));
        Assert.Equal(
            """{"users":[{"name":"ann","admin":false,"disabled":true,"home":"/home/ann","quota_bytes":10,"used_bytes":1,"used_files":2}]}""",
            Content(new Replies.User(1, [new UserSummary("ann", false, true, "/home/ann", 10, null, 1, 2)])));
        Assert.Equal(
            """{"transfer":"t-1","path":"/f","size":5,"offset":3,"token":"k","host":null,"port":3000,"expires_in":60}""",
            Content(new Replies.Write(1, "t-1", "/f", 5, 3, "k", null, 3000, 60)));
        Assert.Equal(StatusCode.Accepted, new Replies.Append(1, "t-1", "/f", 5, 3, "k", null, 3000, 60).Status);
        Assert.Equal(StatusCode.Accepted, new Replies.Write(1, "t-1", "/f", 5, 3, "k", null, 3000, 60).Status);
    }

    [Fact]
    public void An_error_code_this_client_does_not_know_must_decode_as_unrecognized_keeping_the_status()
    {
        var text = """{"type":"reply","id":1,"command":"ls","status":451,"error":"legal_hold","message":"Held."}""";

        Assert.True(V2ServerMessageDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out var decoded, out _));
        Assert.Equal(new ErrorReply(1, "ls", (StatusCode)451, ErrorCode.Unrecognized, "Held."), decoded);
    }

    [Fact]
    public void Unknown_fields_must_be_ignored_for_forward_compatibility()
    {
        var text = """{"type":"reply","id":1,"command":"pwd","status":200,"content":{"path":"/","owner":"ann"},"trace":"x"}""";

        Assert.True(V2ServerMessageDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out var decoded, out _));
        Assert.Equal(new Replies.Pwd(1, "/"), decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"type":"notice"}""")]
    [InlineData("""{"type":"reply","id":1,"command":"pwd"}""")]
    [InlineData("""{"type":"reply","id":1,"command":"pwd","status":"200","content":{"path":"/"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"pwd","status":200}""")]
    [InlineData("""{"type":"reply","id":1,"command":"pwd","status":200,"content":"/"}""")]
    [InlineData("""{"type":"reply","id":1,"command":"pwd","status":200,"content":{"path":7}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"teleport","status":200,"content":{}}""")]
    [InlineData("""{"type":"reply","command":"pwd","status":200,"content":{"path":"/"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"ls","status":200,"content":{"path":"/","entries":[{"name":"a","kind":"file","mtime":"yesterday"}]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"ls","status":200,"content":{"path":"/","entries":[1]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"ls","status":200,"content":{"path":"/","entries":[{"name":"a","kind":"file","mtime":99999999999999999}]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"get","status":202,"content":{"transfer":"t","path":"/f","size":1,"mtime":0,"sha256":"zz","offset":0,"token":"t","port":3000,"expires_in":60}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"get","status":202,"content":{"transfer":"t","path":"/f","size":1,"mtime":0,"sha256":null,"offset":0,"token":"t","port":70000,"expires_in":60}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"hello","status":200,"content":{"protocol":2,"node":"n","server":"s","max_frame":1,"features":[{}],"cwd":"/"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"help","status":200,"content":{"commands":["pwd"]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"stat","status":200,"content":{"path":"/","name":"/","kind":"directory","mtime":0,"owner":5}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"stat","status":200,"content":{"path":"/","name":"/","kind":"directory","mtime":0,"shared":"yes"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"stat","status":200,"content":{"path":"/","name":"/","kind":"directory","mtime":0,"grants":{}}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"stat","status":200,"content":{"path":"/","name":"/","kind":"directory","mtime":0,"grants":[{"user":"b","level":"owner"}]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"stat","status":200,"content":{"path":"/","name":"/","kind":"directory","mtime":0,"public":1}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"auth","status":200,"content":{"user":"ann","home":"/home/ann"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"auth","status":200,"content":{"user":"ann","admin":false,"home":"/home/ann","expires_in_seconds":-1}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"passwd","status":200,"content":{"expires_in_seconds":60}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"whoami","status":200,"content":{"anonymous":"full"}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"share","status":200,"content":{"path":"/p","public":false}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"unshare","status":200,"content":{"path":"/p","grants":[{"user":"b"}],"public":false}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"public","status":200,"content":{"path":"/p","grants":[]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"info","status":200,"content":{"used_bytes":-1,"used_files":0,"free_bytes":0}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"user","status":200,"content":{"users":[{"name":"a","admin":false,"disabled":false,"home":"/home/a","used_bytes":0}]}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"append","status":202,"content":{"transfer":"t","path":"/f","size":1,"offset":0,"host":null,"port":3000,"expires_in":60}}""")]
    [InlineData("""{"type":"reply","id":1,"command":"write","status":202,"content":{"transfer":"t","path":"/f","size":1,"offset":-1,"token":"k","host":null,"port":3000,"expires_in":60}}""")]
    [InlineData("""{"type":"event","event":"teleported","id":1,"transfer":"t"}""")]
    [InlineData("""{"type":"event","event":"progress","id":1,"transfer":"t","bytes":-1,"total":2}""")]
    [InlineData("""{"type":"event","event":"failed","id":1,"transfer":"t","status":422}""")]
    public void A_malformed_server_message_must_be_refused_with_a_problem_and_never_throw(string text)
    {
        Assert.False(V2ServerMessageDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out var message, out var problem));
        Assert.Null(message);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void A_wrong_field_inside_a_list_must_be_named_with_its_full_path()
    {
        var text = """{"type":"reply","id":1,"command":"ls","status":200,"content":{"path":"/","entries":[{"name":"a","kind":"file","size":1,"mtime":0},{"name":"b","kind":"file","size":"big","mtime":0}],"next":null}}""";

        Assert.False(V2ServerMessageDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out _, out var problem));
        Assert.Contains("'content.entries[1].size'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_server_messages_must_be_refused()
    {
        var text = "{\"type\":\"reply\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.False(V2ServerMessageDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out _, out _));
    }
}
