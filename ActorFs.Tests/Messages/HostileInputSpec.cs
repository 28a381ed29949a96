using System.Text;
using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

/// <summary>Seeded random inputs: no decoder may throw, and chunking must never change what the frame decoder yields.</summary>
public sealed class HostileInputSpec
{
    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", "\\", ":", ",", " ", "\n", "\"id\"", "\"command\"", "\"path\"", "\"size\"", "\"token\"",
        "\"hello\"", "\"put\"", "\"ls\"", "\"argument\"", "null", "true", "1", "-7", "9007199254740993", "1e400", "NaN",
        "\"\\u00e9\"", "\"\\ud83d\"", "\u00e9", "\U0001F600", "\u0001", "x", "//", "'", "\"protocol\"", "2",
        "\"auth\"", "\"name\"", "\"password\"", "\"user\"", "\"action\"", "\"level\"", "\"share\"", "\"write\"", "\"offset\"",
    ];

    private static byte[] RandomInput(Random random)
    {
        var sb = new StringBuilder();
        var count = random.Next(1, 60);
        for (var i = 0; i < count; i++)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        if (random.Next(10) == 0 && bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
        }

        return bytes;
    }

    private static List<(FrameStatus, FrameError, string)> Frames(byte[] bytes, Random? chunking)
    {
        var decoder = new JsonFrameDecoder(maxFrameBytes: 200, maxDepth: 8);
        var frames = new List<(FrameStatus, FrameError, string)>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var size = chunking is null ? bytes.Length : chunking.Next(1, 8);
            var chunk = bytes.AsSpan(offset, Math.Min(size, bytes.Length - offset));
            offset += chunk.Length;
            frames.AddRange(decoder.DecodeAll(chunk).Select(f => (f.Status, f.Error, Convert.ToHexString(f.Utf8.Span))));
        }

        return frames;
    }

    private static void DecodeEverywhere(byte[] frame)
    {
        Assert.Equal(LegacyCodec.TryParseRequest(frame, out var legacy), legacy is not null);
        Assert.Equal(V2RequestDecoder.TryDecode(frame, out var request, out var error), request is not null && error is null);
        Assert.Equal(V2ServerMessageDecoder.TryDecode(frame, out var message, out var problem), message is not null && problem is null);
        Assert.Equal(TransferWire.TryParseHandshake(frame, out var handshake), handshake is not null);
        Assert.Equal(TransferWire.TryParseOutcome(frame, out var outcome), outcome is not null);
        _ = V2RequestDecoder.IsHello(frame);
    }

    [Fact]
    public void Random_streams_must_decode_the_same_in_any_chunking_and_no_decoder_may_throw()
    {
        var random = new Random(20261121);
        for (var run = 0; run < 3000; run++)
        {
            var input = RandomInput(random);

            var whole = Frames(input, null);
            Assert.Equal(whole, Frames(input, random));

            foreach (var (status, _, hex) in whole)
            {
                var frame = Convert.FromHexString(hex);
                Assert.Equal(status == FrameStatus.Value, frame.Length > 0);
                DecodeEverywhere(frame);
            }

            DecodeEverywhere(input);
        }
    }
}
