// Issue 8, item 4: 100,000 generated malformed frames against a session's command processing (in-process,
// the same JsonFrameDecoder + SessionCommands the Session actor drives), and 2,000 through a real TLS connection.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorFs.Messages;
using ActorFs.Node.Commands;
using ActorFs.Tests.EndToEnd;
using ActorFs.Tests.Node.Storage;

namespace ActorFs.Tests.Faults;

/// <summary>A seeded generator of hostile frames: mutations of valid requests, wrong types, garbage, deep nesting, bad UTF-8, truncation.</summary>
internal sealed class MalformedFrameGenerator(int seed)
{
    private static readonly string[] Valid =
    [
        """{"command": "ls", "argument": null}""",
        """{"command": "cd", "argument": "../a/./b"}""",
        """{"command": "mkdir", "argument": "new"}""",
        """{"command": "get", "argument": "a.txt"}""",
        """{"command": "put", "argument": "up.bin"}""",
        """{"id":1,"command":"hello","protocol":2}""",
        """{"id":2,"command":"ls","path":"/","cursor":"YQ","limit":3}""",
        """{"id":3,"command":"mv","from":"a.txt","to":"b.txt","overwrite":true}""",
        """{"id":4,"command":"put","path":"p","size":3,"sha256":null}""",
        """{"id":5,"command":"get","path":"a.txt","offset":1}""",
        """{"id":6,"command":"stat","path":"../../etc/passwd"}""",
        """{"id":7,"command":"rm","path":"/a.txt"}""",
        """{"id":8,"command":"sha256","path":"a.txt"}""",
    ];

    private static readonly string[] Fragments =
    [
        "\\u0000", "..", "/", "\"", "{", "}", "[", "]", ",", ":", "null", "-1", "1e400", "NaN", "\\ud800", "é", "/.actorfs", "[]", "{}",
        "9007199254740993", "\\", "\u0001", "true", "\"command\"", "\"bye\"", "\t\n", "\ufeff",
    ];

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var text = _random.Next(10) switch
        {
            0 => null,
            1 => new string('[', _random.Next(60, 200)) + new string(']', _random.Next(0, 200)),
            2 => Valid[_random.Next(Valid.Length)][.._random.Next(1, 20)],
            3 => "{\"id\":" + _random.Next() + ",\"command\":\"" + Valid[_random.Next(Valid.Length)] + "\"}",
            _ => Mutate(Valid[_random.Next(Valid.Length)]),
        };
        if (text is null)
        {
            var garbage = new byte[_random.Next(1, 200)];
            _random.NextBytes(garbage);
            return garbage;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (_random.Next(20) == 0 && bytes.Length > 2)
        {
            bytes[_random.Next(1, bytes.Length - 1)] = (byte)(0x80 + _random.Next(0x80)); // invalid UTF-8
        }

        return bytes;
    }

    private string Mutate(string seed)
    {
        var text = seed;
        for (var n = _random.Next(1, 5); n > 0; n--)
        {
            var at = _random.Next(text.Length + 1);
            text = _random.Next(3) switch
            {
                0 => text.Insert(at, Fragments[_random.Next(Fragments.Length)]),
                1 when text.Length > 0 => text.Remove(Math.Min(at, text.Length - 1), 1),
                _ => text.Insert(at, ((char)_random.Next(1, 128)).ToString()),
            };
        }

        return text;
    }
}

public sealed class MalformedFrameSpecs : IDisposable
{
    private readonly TempRoot _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task One_hundred_thousand_seeded_malformed_frames_never_throw_and_every_reply_is_well_formed()
    {
        const int Frames = 100_000;
        _temp.WriteFile("a.txt", "abc");
        var store = _temp.CreateStore();
        var state = new SessionState("fuzz");
        var commands = new SessionCommands(store, new CommandSettings("node-a", "ActorFs/0.1.0"), state);
        var decoder = new JsonFrameDecoder();
        var generator = new MalformedFrameGenerator(20261122);
        var random = new Random(99);
        var ticket = new TransferTicket("t-1", "TOKEN", null, 3000, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        long outcomes = 0;
        var stuck = 0;
        for (var i = 0; i < Frames; i++)
        {
            // The frame arrives in random pieces, followed by whitespace or not, as a network would deliver it.
            var next = generator.Next();
            ReadOnlyMemory<byte> data = random.Next(2) == 0 ? next : next.Append((byte)' ').ToArray();
            while (!data.IsEmpty)
            {
                var piece = data[..Math.Min(data.Length, random.Next(1, 300))];
                data = data[piece.Length..];
                while (!piece.IsEmpty)
                {
                    var consumed = decoder.Decode(piece.Span, out var frame);
                    var status = frame.Status;
                    var value = status == FrameStatus.Value ? frame.Utf8.ToArray() : null;
                    var error = frame.Error;
                    piece = piece[consumed..];
                    if (status == FrameStatus.NeedMoreData)
                    {
                        continue;
                    }

                    var outcome = value is not null
                        ? await commands.HandleFrameAsync(value, CancellationToken.None)
                        : commands.HandleBadFrame(status, error);
                    AssertWellFormed(outcome, ticket);
                    outcomes++;

                }
            }

            // A value that never closes (say 150 '[' and 40 ']') makes everything after it part of that one value,
            // skipped to an end that does not come: the client would see no reply and reconnect. So does this loop,
            // three frames on.
            stuck = decoder.HasPartialFrame ? stuck + 1 : 0;
            if (stuck == 3)
            {
                decoder = new JsonFrameDecoder();
                stuck = 0;
            }

            if (i % 10_000 == 9_999)
            {
                state.Mode = state.Mode == ProtocolMode.V2 ? ProtocolMode.Legacy : ProtocolMode.V2;
                decoder = new JsonFrameDecoder(); // a new connection
            }
        }

        Assert.True(outcomes > Frames / 4, $"only {outcomes} outcomes");
        // a.txt itself may be gone: mutations that stay valid requests ("rm /a.txt", "mv a.txt b.txt" with another
        // target) are obeyed. What must hold is that nothing outside the root was touched.
        Assert.Equal(["data", "data2", "outside"], Directory.GetFileSystemEntries(_temp.Base).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_temp.Outside).Select(Path.GetFileName));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_temp.Sibling).Select(Path.GetFileName));
        Assert.Equal("outside secret", File.ReadAllText(Path.Join(_temp.Outside, "secret.txt")));
        Assert.Equal("sibling secret", File.ReadAllText(Path.Join(_temp.Sibling, "secret.txt")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    private static void AssertWellFormed(CommandOutcome outcome, TransferTicket ticket)
    {
        var bytes = outcome switch
        {
            CommandOutcome.Reply r => r.Bytes,
            CommandOutcome.ReplyAndClose c => c.Bytes,
            CommandOutcome.StartTransfer s => s.BuildReply(ticket),
            _ => throw new InvalidOperationException(outcome.GetType().Name),
        };
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        Assert.True(root.TryGetProperty("status", out _) || root.TryGetProperty("status_code", out _));
    }

    [Fact]
    public async Task Two_thousand_seeded_malformed_frames_through_tls_get_answers_and_the_session_survives()
    {
        const int Frames = 2_000;
        await using var node = await RunningNode.StartAsync();
        await File.WriteAllTextAsync(node.HostPath("/a.txt"), "abc");
        await using var c = await RawConnection.OpenAsync(node.Control, node.Certificate);
        await c.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        var generator = new MalformedFrameGenerator(7777);
        var sent = 0;
        while (sent < Frames)
        {
            var frame = generator.Next();
            // Only frames that end where they close, and no bye: then a ping after each must be answered.
            var text = Encoding.UTF8.GetString(frame);
            if (text.Contains("bye", StringComparison.Ordinal) || !Closes(frame))
            {
                continue;
            }

            var ping = 1_000_000 + sent;
            await c.SendAsync(frame.Concat(Encoding.UTF8.GetBytes($$""" {"id":{{ping}},"command":"pwd"}""")).ToArray());
            while (true)
            {
                var reply = await c.ReadValueAsync();
                Assert.NotNull(reply);
                using var doc = JsonDocument.Parse(reply);
                var root = doc.RootElement;
                if (root.TryGetProperty("type", out var type) && type.GetString() == "reply"
                    && root.GetProperty("id").ValueKind == JsonValueKind.Number && root.GetProperty("id").GetInt64() == ping)
                {
                    break;
                }
            }

            sent++;
        }

        await Faults.AssertServesAsync(node, "after tls fuzz");
    }

    /// <summary>True when a fresh decoder leaves no value open after <paramref name="frame"/> and a space.</summary>
    private static bool Closes(byte[] frame)
    {
        var decoder = new JsonFrameDecoder();
        ReadOnlySpan<byte> data = [.. frame, (byte)' '];
        while (!data.IsEmpty)
        {
            var consumed = decoder.Decode(data, out _);
            data = data[consumed..];
        }

        return !decoder.HasPartialFrame;
    }
}
