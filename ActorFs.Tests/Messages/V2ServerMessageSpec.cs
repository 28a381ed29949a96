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
