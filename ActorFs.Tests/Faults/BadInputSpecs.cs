// Issue 8, item 4: hostile bytes on the control and transfer ports, through raw sockets inside TLS.
using System.Text;
using System.Text.Json;
using ActorFs.Messages;
using ActorFs.Tests.EndToEnd;

namespace ActorFs.Tests.Faults;

public sealed class BadInputSpecs : IAsyncLifetime
{
    private RunningNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await RunningNode.StartAsync();
        await File.WriteAllBytesAsync(_node.HostPath("/a.txt"), "hello"u8.ToArray());
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private Task<RawConnection> OpenControlAsync() => RawConnection.OpenAsync(_node.Control, _node.Certificate);

    private async Task<RawConnection> OpenV2Async()
    {
        var c = await OpenControlAsync();
        var hello = await c.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        Assert.Equal(200, hello.GetProperty("status").GetInt32());
        return c;
    }

    private static async Task AssertAnswersAsync(RawConnection c, long id = 424242)
    {
        var reply = await c.RequestAsync($$"""{"id":{{id}},"command":"pwd"}""");
        Assert.Equal(id, reply.GetProperty("id").GetInt64());
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Random_bytes_on_the_control_port_get_errors_or_a_close_and_the_node_keeps_serving()
    {
        var random = new Random(4001);
        for (var round = 0; round < 8; round++)
        {
            await using var c = await OpenV2Async();
            var garbage = new byte[random.Next(1, 70_000)];
            random.NextBytes(garbage);
            try
            {
                await c.SendAsync(garbage);
                await c.SendAsync("\"]]]]]]]]]]]]]]]]}}}}}}}}}}}}}}}}}\n");
            }
            catch (IOException)
            {
                // The node may close a connection that sends garbage; that is an allowed answer.
            }

            await c.DisposeAsync();
        }

        await Faults.AssertServesAsync(_node, "after random bytes");
    }

    [Fact]
    public async Task Random_bytes_on_the_transfer_port_close_the_connection_without_a_crash()
    {
        var random = new Random(4002);
        for (var round = 0; round < 8; round++)
        {
            await using var c = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
            var garbage = new byte[random.Next(1, 40_000)];
            random.NextBytes(garbage);
            garbage[0] = (byte)(round % 2 == 0 ? '{' : '[');
            try
            {
                await c.SendAsync(garbage);
                await c.SendAsync(new string('}', 64) + new string(']', 64));
            }
            catch (IOException)
            {
            }

            Assert.True(await c.ClosedByNodeAsync(TimeSpan.FromSeconds(10)), "the transfer port kept a garbage connection open");
        }

        await Faults.AssertServesAsync(_node, "after transfer-port garbage");
    }

    [Fact]
    public async Task Truncated_oversized_and_deeply_nested_json_each_get_one_error_and_the_session_goes_on()
    {
        await using var c = await OpenV2Async();

        var oversized = await c.RequestAsync($$"""{"id":1,"command":"ls","path":"{{new string('x', 100_000)}}"}""");
        Assert.Equal(413, oversized.GetProperty("status").GetInt32());
        Assert.Equal("too_large", oversized.GetProperty("error").GetString());
        await AssertAnswersAsync(c, 1);

        var deep = await c.RequestAsync(new string('[', 5000) + new string(']', 5000));
        Assert.Equal(400, deep.GetProperty("status").GetInt32());
        await AssertAnswersAsync(c, 2);

        var deepObject = await c.RequestAsync(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000));
        Assert.Equal(400, deepObject.GetProperty("status").GetInt32());
        await AssertAnswersAsync(c, 3);

        var invalid = await c.RequestAsync("""{"id":4,"command":"pwd",}""");
        Assert.Equal(400, invalid.GetProperty("status").GetInt32());
        await AssertAnswersAsync(c, 4);

        // A value cut short and the connection closed: nothing to answer, nothing to crash.
        await c.SendAsync("""{"id":5,"command":"ls","pa""");
        await c.DisposeAsync();

        await using var legacy = await OpenControlAsync();
        var legacyOversized = await legacy.RequestAsync($$"""{"command": "ls", "argument": "{{new string('x', 100_000)}}"}""");
        Assert.Equal(500, legacyOversized.GetProperty("status_code").GetInt32());
        var legacyOk = await legacy.RequestAsync("""{"command": "pwd", "argument": null}""");
        Assert.Equal(200, legacyOk.GetProperty("status_code").GetInt32());
        await Faults.AssertServesAsync(_node, "after malformed json");
    }

    private static readonly string[] WrongTypes =
    [
        "1", "-1", "1.5", "true", "false", "[]", "{}", "\"x\"", "[\"a\"]", "{\"a\":1}", "1e400", "9007199254740993", "NaN", "Infinity",
    ];

    [Fact]
    public async Task Wrong_types_for_every_field_of_every_command_get_a_400_and_the_session_goes_on()
    {
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["pwd"] = [],
            ["cd"] = ["path"],
            ["ls"] = ["path", "cursor", "limit"],
            ["mkdir"] = ["path"],
            ["rm"] = ["path"],
            ["rmdir"] = ["path"],
            ["mv"] = ["from", "to", "overwrite"],
            ["stat"] = ["path"],
            ["sha256"] = ["path"],
            ["get"] = ["path", "offset"],
            ["put"] = ["path", "size", "sha256", "overwrite", "resume"],
            ["help"] = ["topic"],
            ["hello"] = ["protocol", "client"],
        };
        var valid = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = "\"a.txt\"", ["cursor"] = "null", ["limit"] = "5", ["from"] = "\"a.txt\"", ["to"] = "\"b.txt\"", ["overwrite"] = "false",
            ["offset"] = "0", ["size"] = "5", ["sha256"] = "null", ["resume"] = "false", ["topic"] = "null", ["protocol"] = "2", ["client"] = "null",
        };
        var typeOf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = "string", ["cursor"] = "string", ["limit"] = "int", ["from"] = "string", ["to"] = "string", ["overwrite"] = "bool",
            ["offset"] = "int", ["size"] = "int", ["sha256"] = "string", ["resume"] = "bool", ["topic"] = "string", ["protocol"] = "int", ["client"] = "string",
        };
        await using var c = await OpenV2Async();
        long id = 10;
        var checkedCount = 0;
        foreach (var (command, names) in fields)
        {
            foreach (var field in names.Append("id").Append("command"))
            {
                foreach (var wrong in WrongTypes)
                {
                    if (IsRightType(field == "id" ? "int" : field == "command" ? "string" : typeOf[field], wrong))
                    {
                        continue;
                    }

                    var members = new List<string>
                    {
                        $"\"id\":{(field == "id" ? wrong : (++id).ToString(System.Globalization.CultureInfo.InvariantCulture))}",
                        $"\"command\":{(field == "command" ? wrong : "\"" + command + "\"")}",
                    };
                    members.AddRange(names.Select(n => $"\"{n}\":{(n == field ? wrong : valid[n])}"));
                    var reply = await c.RequestAsync("{" + string.Join(',', members) + "}");
                    Assert.Equal("reply", reply.GetProperty("type").GetString());
                    Assert.True(reply.GetProperty("status").GetInt32() == 400, $"{command}.{field}={wrong}: {reply}");
                    checkedCount++;
                }
            }
        }

        Assert.True(checkedCount > 300);
        await AssertAnswersAsync(c);

        await using var legacy = await OpenControlAsync();
        foreach (var wrong in WrongTypes.Where(w => w != "\"x\""))
        {
            var reply = await legacy.RequestAsync($$"""{"command": "ls", "argument": {{wrong}}}""");
            Assert.Equal("Invalid command format, it doesn't respect the protocol", reply.GetProperty("status_message").GetString());
            reply = await legacy.RequestAsync($$"""{"command": {{wrong}}, "argument": null}""");
            Assert.Equal(500, reply.GetProperty("status_code").GetInt32());
        }
    }

    private static bool IsRightType(string type, string literal) => type switch
    {
        "string" => literal.StartsWith('"'),
        "bool" => literal is "true" or "false",
        "int" => literal is "1" or "9007199254740993",
        _ => false,
    };

    [Fact]
    public async Task Unknown_and_reserved_commands_get_unknown_command_in_v2_and_the_legacy_refusal()
    {
        await using var c = await OpenV2Async();
        foreach (var name in new[] { "rm -rf", "LS", "nodes", "watch", "", "\u0000", "hello2", new string('c', 1000) })
        {
            var reply = await c.RequestAsync(JsonSerializer.Serialize(new { id = 7, command = name }));
            Assert.Equal(400, reply.GetProperty("status").GetInt32());
            Assert.Equal("unknown_command", reply.GetProperty("error").GetString());
        }

        await using var legacy = await OpenControlAsync();
        var refusal = await legacy.RequestAsync("""{"command": "rm", "argument": "a.txt"}""");
        Assert.Equal("Invalid command or argument(s)", refusal.GetProperty("status_message").GetString());
        Assert.True(File.Exists(_node.HostPath("/a.txt")));
    }

    [Fact]
    public async Task A_client_that_sends_requests_without_reading_replies_is_paused_and_memory_stays_bounded()
    {
        const int Requests = 20_000;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await using var flood = await OpenV2Async();
        var one = Encoding.UTF8.GetBytes("""{"id":1,"command":"pwd"}""");
        var batch = new byte[one.Length * 500];
        for (var i = 0; i < 500; i++)
        {
            one.CopyTo(batch, i * one.Length);
        }

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Requests / 500; i++)
            {
                await flood.Stream.WriteAsync(batch);
            }

            await flood.Stream.FlushAsync();
        });

        // While the flood waits on its unread replies, another client is served normally...
        await Faults.AssertServesAsync(_node, "during a flood");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var during = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(during - before < 64L * 1024 * 1024, $"managed memory grew by {(during - before) / 1024 / 1024} MiB during the flood");

        // ...and once the flood reads, it gets exactly one reply per request, in order.
        var replies = 0;
        while (replies < Requests)
        {
            var reply = await flood.ReadValueAsync();
            Assert.NotNull(reply);
            Assert.Contains("\"status\":200", reply, StringComparison.Ordinal);
            replies++;
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        await AssertAnswersAsync(flood);
    }

    [Fact]
    public async Task Wrong_replayed_and_foreign_tokens_are_refused_on_the_transfer_port()
    {
        // Wrong: v2 peers get one outcome line (410), legacy-shaped handshakes a silent close.
        await using (var wrong = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate))
        {
            await wrong.SendAsync(TransferWire.EncodeHandshake("not-a-token-" + new string('x', 40)));
            var outcome = await wrong.ReadValueAsync();
            Assert.NotNull(outcome);
            Assert.Contains("\"status\":410", outcome, StringComparison.Ordinal);
            Assert.True(await wrong.ClosedByNodeAsync(TimeSpan.FromSeconds(10)));
        }

        await using (var legacyWrong = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate))
        {
            await legacyWrong.SendAsync("""{"status_code": 200, "operation": "get", "absolute_path": "/a.txt", "filesize": 5, "token": "forged", "transfer_port": 1, "sha256sum": null}""");
            Assert.Null(await legacyWrong.ReadValueAsync());
        }

        // Replayed: a token works once.
        await using var session = await OpenV2Async();
        var get = await session.RequestAsync("""{"id":50,"command":"get","path":"a.txt"}""");
        Assert.Equal(202, get.GetProperty("status").GetInt32());
        var token = get.GetProperty("content").GetProperty("token").GetString()!;
        await using (var first = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate))
        {
            await first.SendAsync(TransferWire.EncodeHandshake(token));
            var bytes = await Support.Loopback.ReadToEndAsync(first.Stream);
            Assert.Equal("hello"u8.ToArray(), bytes);
        }

        // The session hears that its download ended (PROTOCOL.md 4.7) before anything else is read from it.
        while (true)
        {
            var value = await session.ReadValueAsync();
            Assert.NotNull(value);
            Assert.Contains("\"type\":\"event\"", value, StringComparison.Ordinal);
            Assert.DoesNotContain("\"event\":\"failed\"", value, StringComparison.Ordinal);
            if (value.Contains("\"event\":\"verified\"", StringComparison.Ordinal))
            {
                break;
            }
        }

        await using (var replay = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate))
        {
            await replay.SendAsync(TransferWire.EncodeHandshake(token));
            var outcome = await replay.ReadValueAsync();
            Assert.NotNull(outcome);
            Assert.Contains("\"status\":410", outcome, StringComparison.Ordinal);
        }

        // Foreign: a put token of a session that ended is revoked; another client cannot use it.
        string putToken;
        await using (var owner = await OpenV2Async())
        {
            var put = await owner.RequestAsync($$"""{"id":60,"command":"put","path":"stolen.txt","size":5,"sha256":"{{Faults.Sha256("evil!"u8.ToArray())}}"}""");
            Assert.Equal(202, put.GetProperty("status").GetInt32());
            putToken = put.GetProperty("content").GetProperty("token").GetString()!;
            await owner.SendAsync("""{"id":61,"command":"bye"}""");
            Assert.True(await owner.ClosedByNodeAsync(TimeSpan.FromSeconds(10)));
        }

        // The token on another session's control connection is just an unknown request...
        var onControl = await session.RequestAsync(Encoding.UTF8.GetString(TransferWire.EncodeHandshake(putToken)));
        Assert.Equal(400, onControl.GetProperty("status").GetInt32());
        // ...and on the transfer port it is gone once its session ended (revocation is a message; await its effect).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using var thief = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
            await thief.SendAsync(TransferWire.EncodeHandshake(putToken));
            var outcome = await thief.ReadValueAsync();
            Assert.NotNull(outcome);
            if (outcome.Contains("\"status\":410", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, "a revoked token was accepted: " + outcome);
        }

        Assert.False(File.Exists(_node.HostPath("/stolen.txt")));
        await AssertAnswersAsync(session);
    }
}

/// <summary>Slowloris and expiry: short timeouts through the node's own settings.</summary>
public sealed class TimeoutSpecs : IAsyncLifetime
{
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync(overrides: new Dictionary<string, string>
    {
        ["actorfs.tls.handshake-timeout"] = "2s", // a first TLS handshake in a cold test process can take over 0.5 s
        ["actorfs.protocol.idle-timeout"] = "1s",
        ["actorfs.transfer.idle-timeout"] = "1s",
        ["actorfs.transfer.token-ttl"] = "1s",
        ["actorfs.transfer.connect-timeout"] = "1s",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_client_that_never_starts_tls_is_cut_by_the_handshake_timeout_on_both_ports()
    {
        await using var control = await RawConnection.OpenAsync(_node.Control, _node.Certificate, handshake: false);
        await using var transfer = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate, handshake: false);
        Assert.True(await control.ClosedByNodeAsync(TimeSpan.FromSeconds(10)), "the control port kept a silent connection");
        Assert.True(await transfer.ClosedByNodeAsync(TimeSpan.FromSeconds(10)), "the transfer port kept a silent connection");
    }

    [Fact]
    public async Task A_client_that_half_sends_a_tls_hello_is_cut_by_the_handshake_timeout()
    {
        await using var control = await RawConnection.OpenAsync(_node.Control, _node.Certificate, handshake: false);
        await control.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 });
        Assert.True(await control.ClosedByNodeAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_client_that_never_sends_after_tls_is_cut_by_the_idle_timeouts()
    {
        await using var control = await RawConnection.OpenAsync(_node.Control, _node.Certificate);
        await using var transfer = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
        Assert.True(await control.ClosedByNodeAsync(TimeSpan.FromSeconds(10)), "the idle control session was not closed");
        Assert.True(await transfer.ClosedByNodeAsync(TimeSpan.FromSeconds(10)), "the silent transfer connection was not closed");
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_its_session_hears_why()
    {
        await using var session = await RawConnection.OpenAsync(_node.Control, _node.Certificate);
        await session.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        var put = await session.RequestAsync("""{"id":1,"command":"put","path":"late.txt","size":3}""");
        Assert.Equal(202, put.GetProperty("status").GetInt32());
        var token = put.GetProperty("content").GetProperty("token").GetString()!;

        // The node tells the session when the transfer gives up; that is the moment to present the stale token.
        var failed = await session.ReadValueAsync();
        Assert.NotNull(failed);
        Assert.Contains("\"type\":\"event\"", failed, StringComparison.Ordinal);
        Assert.Contains("timeout", failed, StringComparison.Ordinal);

        await using var late = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
        await late.SendAsync(TransferWire.EncodeHandshake(token));
        var outcome = await late.ReadValueAsync();
        Assert.NotNull(outcome);
        Assert.Contains("\"status\":410", outcome, StringComparison.Ordinal);
        Assert.False(File.Exists(_node.HostPath("/late.txt")));
        await Faults.AssertStagingEmptyAsync(_node.Root);
    }
}
