using System.Net;
using System.Text;
using System.Text.Json;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Sessions;
using ActorFs.Node.Storage;
using ActorFs.Tests.Node.Storage;

namespace ActorFs.Tests.Node.Actors;

/// <summary>
/// A Session actor with a probe standing in for its connection: requests arrive as Tcp.Received, replies
/// leave as Tcp.Write, each acknowledged by sending its Ack event back. The byte-exact replies are the
/// command specs' business (Node/Commands); these are about what the actor adds.
/// </summary>
public sealed class SessionSpecs : TestKit
{
    private const string Hello = """{"id":0,"command":"hello","protocol":2}""";
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;
    private readonly TestProbe _connection;
    private readonly IActorRef _tokens;
    private readonly TransferTracker _tracker = new();
    private IActorRef _session = ActorRefs.Nobody;

    public SessionSpecs() : base(VirtualTime())
    {
        _store = _temp.CreateStore();
        _connection = CreateTestProbe("connection");
        _tokens = Sys.ActorOf(TokenRegistry.Props(TimeSpan.FromSeconds(60)), "tokens");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _temp.Dispose();
    }

    private IActorRef StartSession(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = NodeActorSupport.Settings(_temp.Root, overrides);
        var environment = new SessionEnvironment(settings, _store, _tokens, new CommandSettings("node-a", "ActorFs/test"), null, 3000, _tracker);
        _session = Sys.ActorOf(Session.Props("s-1", _connection.Ref, new IPEndPoint(IPAddress.Loopback, 50000), environment), "session-1");
        NodeActorSupport.AwaitStarted(this, _session);
        return _session;
    }

    private void Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    private void Send(byte[] bytes) => _session.Tell(new Tcp.Received(bytes), _connection.Ref);

    /// <summary>The next write on the connection, acknowledged.</summary>
    private string ExpectWrite()
    {
        var write = _connection.ExpectMsg<Tcp.Write>();
        _session.Tell(write.Ack, _connection.Ref);
        return NodeActorSupport.Text(write.Data);
    }

    private JsonElement ExpectJson() => NodeActorSupport.Json(ExpectWrite());

    private static string Legacy(string command, string? argument = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["command"] = command, ["argument"] = argument });

    private static int LegacyStatus(JsonElement reply) => reply.GetProperty("status_code").GetInt32();

    private static string? LegacyMessage(JsonElement reply) => reply.GetProperty("status_message").GetString();

    private void SwitchToV2()
    {
        Send(Hello);
        var reply = ExpectJson();
        Assert.Equal("hello", reply.GetProperty("command").GetString());
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("pwd", null, 200, "OK")]
    [InlineData("pwd", "x", 500, "Invalid command or argument(s)")]
    [InlineData("ls", null, 200, "OK")]
    [InlineData("ls", "nowhere", 500, null)]
    [InlineData("cd", "docs", 200, "OK")]
    [InlineData("cd", "nowhere", 500, "No such directory")]
    [InlineData("mkdir", "fresh", 200, "OK")]
    [InlineData("mkdir", "docs", 500, "Directory already exists")]
    [InlineData("get", "docs/a.txt", 200, null)]
    [InlineData("get", "ghost.txt", 500, "No such file")]
    [InlineData("put", "new.bin", 200, null)]
    [InlineData("put", "top.txt", 500, "File already exists")]
    [InlineData("frobnicate", null, 500, "Invalid command or argument(s)")]
    public void Every_legacy_command_gets_exactly_one_reply_in_one_write(string command, string? argument, int status, string? message)
    {
        _temp.WriteFile("docs/a.txt", "abc");
        _temp.WriteFile("top.txt", "top");
        StartSession();
        Send(Legacy(command, argument));
        var reply = ExpectJson();
        Assert.Equal(status, LegacyStatus(reply));
        if (message is not null) Assert.Equal(message, reply.TryGetProperty("status_message", out var m) ? m.GetString() : "OK");
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Theory]
    [InlineData("""{"id":1,"command":"pwd"}""", 200, null)]
    [InlineData("""{"id":1,"command":"cd","path":"docs"}""", 200, null)]
    [InlineData("""{"id":1,"command":"cd","path":"nowhere"}""", 404, "not_found")]
    [InlineData("""{"id":1,"command":"ls","path":"/docs"}""", 200, null)]
    [InlineData("""{"id":1,"command":"ls","path":"/docs/a.txt"}""", 409, "not_a_directory")]
    [InlineData("""{"id":1,"command":"mkdir","path":"fresh"}""", 201, null)]
    [InlineData("""{"id":1,"command":"mkdir","path":"docs"}""", 409, "exists")]
    [InlineData("""{"id":1,"command":"rm","path":"docs/a.txt"}""", 200, null)]
    [InlineData("""{"id":1,"command":"rm","path":"docs"}""", 409, "is_a_directory")]
    [InlineData("""{"id":1,"command":"rmdir","path":"empty"}""", 200, null)]
    [InlineData("""{"id":1,"command":"rmdir","path":"docs"}""", 409, "not_empty")]
    [InlineData("""{"id":1,"command":"mv","from":"docs/a.txt","to":"b.txt"}""", 200, null)]
    [InlineData("""{"id":1,"command":"mv","from":"docs/a.txt","to":"top.txt"}""", 409, "exists")]
    [InlineData("""{"id":1,"command":"stat","path":"docs/a.txt"}""", 200, null)]
    [InlineData("""{"id":1,"command":"stat","path":"ghost"}""", 404, "not_found")]
    [InlineData("""{"id":1,"command":"sha256","path":"docs/a.txt"}""", 200, null)]
    [InlineData("""{"id":1,"command":"sha256","path":"docs"}""", 409, "is_a_directory")]
    [InlineData("""{"id":1,"command":"get","path":"docs/a.txt"}""", 202, null)]
    [InlineData("""{"id":1,"command":"get","path":"ghost"}""", 404, "not_found")]
    [InlineData("""{"id":1,"command":"put","path":"up.bin","size":3}""", 202, null)]
    [InlineData("""{"id":1,"command":"put","path":"top.txt","size":3}""", 409, "exists")]
    [InlineData("""{"id":1,"command":"put","path":"up.bin"}""", 400, "bad_request")]
    [InlineData("""{"id":1,"command":"help"}""", 200, null)]
    [InlineData("""{"id":1,"command":"help","topic":"nope"}""", 404, "not_found")]
    [InlineData("""{"id":1,"command":"frobnicate"}""", 400, "unknown_command")]
    [InlineData("""{"id":1,"command":pwd}""", 400, "bad_request")]
    public void Every_v2_command_gets_exactly_one_reply_with_its_id_in_one_write(string request, int status, string? error)
    {
        _temp.WriteFile("docs/a.txt", "abc");
        _temp.WriteFile("top.txt", "top");
        Directory.CreateDirectory(_temp.HostPath("empty"));
        StartSession();
        SwitchToV2();
        Send(request);
        var reply = ExpectJson();
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Equal(status, reply.GetProperty("status").GetInt32());
        if (error is null) Assert.Equal(1, reply.GetProperty("id").GetInt64());
        else Assert.Equal(error, reply.GetProperty("error").GetString());
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_hello_switches_the_session_from_legacy_replies_to_v2_replies()
    {
        StartSession();
        Send(Legacy("pwd"));
        var legacy = ExpectJson();
        Assert.Equal("/", legacy.GetProperty("content").GetString());
        Assert.False(legacy.TryGetProperty("type", out _));

        SwitchToV2();
        Send("""{"id":7,"command":"pwd"}""");
        var v2 = ExpectJson();
        Assert.Equal(7, v2.GetProperty("id").GetInt64());
        Assert.Equal("/", v2.GetProperty("content").GetProperty("path").GetString());

        // From now on a legacy-shaped request is a v2 request without an id or with unknown fields.
        Send(Legacy("pwd"));
        Assert.Equal("reply", ExpectJson().GetProperty("type").GetString());
    }

    [Fact]
    public void Many_requests_in_one_chunk_are_answered_in_order_one_write_each()
    {
        StartSession();
        SwitchToV2();
        var chunk = new StringBuilder();
        chunk.Append("""{"id":1,"command":"mkdir","path":"a"}""");
        chunk.Append("""{"id":2,"command":"cd","path":"a"}""").Append('\n');
        chunk.Append("""{"id":3,"command":"pwd"}""").Append("\r\n");
        chunk.Append("""{"id":4,"command":"stat","path":"ghost"}""");
        chunk.Append("""{"id":5,"command":"ls"}""");
        Send(chunk.ToString());
        var replies = Enumerable.Range(0, 5).Select(_ => ExpectJson()).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], replies.Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("/a", replies[2].GetProperty("content").GetProperty("path").GetString());
        Assert.Equal(404, replies[3].GetProperty("status").GetInt32());
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_request_split_across_chunks_is_answered_once_when_it_is_complete()
    {
        StartSession();
        var bytes = Encoding.UTF8.GetBytes(Legacy("pwd"));
        foreach (var b in bytes[..^1]) Send([b]);
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Send(bytes[^1..]);
        Assert.Equal("/", ExpectJson().GetProperty("content").GetString());

        SwitchToV2();
        Send("""{"id":9,"command":"mkdir","pa""");
        Send("""th":"é-ü"}""");
        var reply = ExpectJson();
        Assert.Equal(201, reply.GetProperty("status").GetInt32());
        Assert.True(Directory.Exists(_temp.HostPath("é-ü")));
    }

    [Fact]
    public void A_frame_over_the_limit_is_refused_and_the_session_goes_on()
    {
        StartSession(new Dictionary<string, string> { ["actorfs.protocol.max-frame"] = "1KiB" });
        var huge = Legacy("mkdir", new string('x', 2000));
        Send(huge + Legacy("pwd"));
        Assert.Equal("Invalid command format, it doesn't respect the protocol", LegacyMessage(ExpectJson()));
        Assert.Equal("/", ExpectJson().GetProperty("content").GetString());

        SwitchToV2();
        Send("""{"id":3,"command":"mkdir","path":" """ + new string('y', 2000) + "\"}");
        var refused = ExpectJson();
        Assert.Equal(413, refused.GetProperty("status").GetInt32());
        Assert.Equal("too_large", refused.GetProperty("error").GetString());
        Send("""{"id":4,"command":"pwd"}""");
        Assert.Equal(4, ExpectJson().GetProperty("id").GetInt64());
    }

    [Fact]
    public void Malformed_json_gets_an_error_reply_and_the_session_goes_on()
    {
        StartSession();
        Send("{\"command\": pwd}" + Legacy("pwd"));
        Assert.Equal(500, LegacyStatus(ExpectJson()));
        Assert.Equal(200, LegacyStatus(ExpectJson()));
        SwitchToV2();
        Send("""{"id":"x","command":"pwd"}{"id":2,"command":"pwd"}""");
        Assert.Equal(400, ExpectJson().GetProperty("status").GetInt32());
        Assert.Equal(2, ExpectJson().GetProperty("id").GetInt64());
    }

    [Fact]
    public void Bye_is_answered_then_the_connection_is_closed_and_nothing_after_it_is_answered()
    {
        StartSession();
        SwitchToV2();
        Watch(_session);
        Send("""{"id":5,"command":"bye"}{"id":6,"command":"pwd"}""");
        var reply = ExpectJson();
        Assert.Equal("bye", reply.GetProperty("command").GetString());
        _connection.ExpectMsg<Tcp.Close>();
        _session.Tell(Tcp.Closed.Instance, _connection.Ref);
        ExpectTerminated(_session);
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_peer_close_stops_the_session_and_revokes_its_tokens()
    {
        _temp.WriteFile("a.txt", "abc");
        StartSession();
        SwitchToV2();
        Send("""{"id":1,"command":"get","path":"a.txt"}""");
        var token = ExpectJson().GetProperty("content").GetProperty("token").GetString()!;
        Watch(_session);
        _session.Tell(Tcp.PeerClosed.Instance, _connection.Ref);
        ExpectTerminated(_session);

        _tokens.Tell(new TokenRegistry.Redeem(token, "127.0.0.1:1"));
        ExpectMsg<TokenRegistry.Refused>();
        Assert.Equal(0, _tracker.Running);
    }

    [Fact]
    public void A_connection_that_dies_stops_the_session()
    {
        StartSession();
        Watch(_session);
        Sys.Stop(_connection.Ref);
        ExpectTerminated(_session);
    }

    [Fact]
    public void A_client_that_does_not_read_its_replies_is_paused_and_resumed_once_it_catches_up()
    {
        StartSession();
        var requests = string.Concat(Enumerable.Repeat(Legacy("pwd"), 40));
        Send(requests);
        var writes = new List<Tcp.Write>();
        var suspendedAfter = -1;
        while (writes.Count < 40)
        {
            var message = _connection.ExpectMsg<object>();
            if (message is Tcp.Write write) writes.Add(write);
            else if (message is Tcp.SuspendReading) suspendedAfter = writes.Count;
            else Assert.Fail($"unexpected {message}");
        }
        Assert.Equal(32, suspendedAfter);
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        foreach (var write in writes.Take(31)) _session.Tell(write.Ack, _connection.Ref);
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _session.Tell(writes[31].Ack, _connection.Ref);
        _connection.ExpectMsg<Tcp.ResumeReading>();
        foreach (var write in writes.Skip(32)) _session.Tell(write.Ack, _connection.Ref);
        Send(Legacy("pwd"));
        Assert.Equal("/", ExpectJson().GetProperty("content").GetString());
    }

    [Fact]
    public void An_idle_session_is_closed_after_the_idle_timeout()
    {
        StartSession(new Dictionary<string, string> { ["actorfs.protocol.idle-timeout"] = "5m" });
        Watch(_session);
        Send(Legacy("pwd"));
        ExpectWrite();
        Scheduler.Advance(TimeSpan.FromMinutes(4));
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        AwaitCondition(() =>
        {
            Scheduler.Advance(TimeSpan.FromMinutes(1));
            return _connection.HasMessages;
        });
        _connection.ExpectMsg<Tcp.Close>();
        _connection.Reply(Tcp.Closed.Instance); // as a connection does once the replies queued before the close are out
        ExpectTerminated(_session);
    }

    [Fact]
    public void A_session_with_a_running_transfer_is_not_closed_for_idleness_and_is_once_the_transfer_ended()
    {
        _temp.WriteFile("a.txt", "abc");
        StartSession(new Dictionary<string, string>
        {
            ["actorfs.protocol.idle-timeout"] = "5s",
            ["actorfs.transfer.connect-timeout"] = "60s",
            ["actorfs.transfer.token-ttl"] = "120s",
        });
        Watch(_session);
        SwitchToV2();
        Send("""{"id":1,"command":"get","path":"a.txt"}""");
        Assert.Equal(202, ExpectJson().GetProperty("status").GetInt32());
        for (var i = 0; i < 11; i++)
        {
            Scheduler.Advance(TimeSpan.FromSeconds(5));
            _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        }

        // 60 s: the client never connected, so the transfer fails and the session hears of it.
        Scheduler.Advance(TimeSpan.FromSeconds(5));
        var failed = ExpectJson();
        Assert.Equal("failed", failed.GetProperty("event").GetString());
        Assert.Equal("timeout", failed.GetProperty("error").GetString());
        AwaitCondition(() =>
        {
            Scheduler.Advance(TimeSpan.FromSeconds(5));
            return _connection.HasMessages;
        });
        _connection.ExpectMsg<Tcp.Close>();
        ExpectTerminated(_session);
    }

    [Fact]
    public void Too_many_transfers_on_one_session_are_refused_with_429()
    {
        _temp.WriteFile("a.txt", "abc");
        StartSession(new Dictionary<string, string> { ["actorfs.transfer.max-per-session"] = "2" });
        SwitchToV2();
        Send("""{"id":1,"command":"get","path":"a.txt"}{"id":2,"command":"get","path":"a.txt"}{"id":3,"command":"get","path":"a.txt"}""");
        Assert.Equal(202, ExpectJson().GetProperty("status").GetInt32());
        Assert.Equal(202, ExpectJson().GetProperty("status").GetInt32());
        var refused = ExpectJson();
        Assert.Equal(429, refused.GetProperty("status").GetInt32());
        Assert.Equal(3, refused.GetProperty("id").GetInt64());
        Assert.Equal(2, _tracker.Running);
    }

    [Fact]
    public void A_node_that_is_shutting_down_refuses_new_transfers_with_503_and_still_answers_commands()
    {
        _temp.WriteFile("a.txt", "abc");
        StartSession();
        SwitchToV2();
        _session.Tell(NodeShuttingDown.Instance);
        Send("""{"id":1,"command":"get","path":"a.txt"}{"id":2,"command":"pwd"}""");
        Assert.Equal(503, ExpectJson().GetProperty("status").GetInt32());
        Assert.Equal(200, ExpectJson().GetProperty("status").GetInt32());
    }
}
