using System.Text;
using ActorFs.Node.Commands;

namespace ActorFs.Tests.Node.Commands;

/// <summary>Seeded mutations of valid requests: every frame gets exactly one outcome, nothing throws, legacy replies stay within 4096 bytes.</summary>
public sealed class HostileFramesSpec : IDisposable
{
    private static readonly string[] Seeds =
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
    ];

    private static readonly string[] Fragments = ["\\u0000", "..", "/", "\"", "{", "}", "null", "-1", "1e400", "\\ud800", "é", "/.actorfs", "[]", "9007199254740993"];

    private readonly CommandsFixture _f = new();

    public HostileFramesSpec()
    {
        _f.Temp.WriteFile("a.txt", "abc");
        Directory.CreateDirectory(_f.Temp.HostPath("a/b"));
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Mutated_requests_always_get_one_outcome_and_legacy_replies_fit_4096_bytes()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 3000; i++)
        {
            var frame = Mutate(Seeds[random.Next(Seeds.Length)], random);
            var wasLegacy = _f.State.Mode == ProtocolMode.Legacy;

            var outcome = await _f.Commands.HandleFrameAsync(Encoding.UTF8.GetBytes(frame), CancellationToken.None);

            var bytes = outcome switch
            {
                CommandOutcome.Reply r => r.Bytes,
                CommandOutcome.ReplyAndClose c => c.Bytes,
                CommandOutcome.StartTransfer s => s.BuildReply(CommandsFixture.Ticket),
                _ => throw new InvalidOperationException(outcome.GetType().Name),
            };
            Assert.False(bytes.IsEmpty);
            if (wasLegacy && bytes.Span[0] == (byte)'{' && bytes.Span[^1] == (byte)'}')
            {
                Assert.True(bytes.Length <= 4096, frame);
            }

            if (i % 500 == 499)
            {
                _f.State.Mode = ProtocolMode.Legacy; // go back to exercise both protocols
            }
        }
    }

    private static string Mutate(string seed, Random random)
    {
        var text = seed;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(text.Length + 1);
            text = random.Next(3) switch
            {
                0 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                1 when text.Length > 0 => text.Remove(Math.Min(at, text.Length - 1), 1),
                _ => text.Insert(at, ((char)random.Next(1, 128)).ToString()),
            };
        }

        return text;
    }
}
