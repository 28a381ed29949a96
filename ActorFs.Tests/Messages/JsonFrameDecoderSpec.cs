using System.Text;
using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

public sealed class JsonFrameDecoderSpec
{
    private static List<(FrameStatus Status, FrameError Error, string Text)> FeedInChunks(JsonFrameDecoder decoder, byte[] bytes, int chunkSize)
    {
        var frames = new List<(FrameStatus, FrameError, string)>();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var chunk = bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset));
            foreach (var f in decoder.DecodeAll(chunk))
            {
                frames.Add((f.Status, f.Error, Encoding.UTF8.GetString(f.Utf8.Span)));
            }
        }

        return frames;
    }

    private static List<(FrameStatus Status, FrameError Error, string Text)> Feed(string text, int chunkSize = int.MaxValue, int maxFrameBytes = JsonFrameDecoder.DefaultMaxFrameBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return FeedInChunks(new JsonFrameDecoder(maxFrameBytes), bytes, Math.Max(1, Math.Min(chunkSize, bytes.Length)));
    }

    private static string[] Values(IEnumerable<(FrameStatus Status, FrameError Error, string Text)> frames) =>
        frames.Where(f => f.Status == FrameStatus.Value).Select(f => f.Text).ToArray();

    private const string Stream =
        "{\"command\": \"pwd\", \"argument\": null}{\"command\": \"ls\", \"argument\": \"a }{[\\\"\\\\\"}\n" +
        "  {\n  \"id\": 1,\n  \"command\": \"ls\",\n  \"nested\": {\"a\": [1, {\"b\": []}]}\n}\r\n\t[1,2] \"text\"";

    private static readonly string[] StreamValues =
    [
        "{\"command\": \"pwd\", \"argument\": null}",
        "{\"command\": \"ls\", \"argument\": \"a }{[\\\"\\\\\"}",
        "{\n  \"id\": 1,\n  \"command\": \"ls\",\n  \"nested\": {\"a\": [1, {\"b\": []}]}\n}",
        "[1,2]",
        "\"text\"",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void A_stream_of_values_must_yield_the_same_frames_whatever_the_chunk_size(int chunkSize)
    {
        var frames = Feed(Stream, chunkSize);

        Assert.All(frames, f => Assert.Equal(FrameStatus.Value, f.Status));
        Assert.Equal(StreamValues, Values(frames));
    }

    [Fact]
    public void Several_values_in_one_chunk_must_come_out_one_call_at_a_time_without_copying()
    {
        var decoder = new JsonFrameDecoder();
        var input = "{\"a\":1}{\"b\":2} {\"c\":3}"u8;

        var consumed = decoder.Decode(input, out var first);
        Assert.Equal(FrameStatus.Value, first.Status);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(first.Utf8));
        Assert.Equal(7, consumed);

        input = input[consumed..];
        consumed = decoder.Decode(input, out var second);
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(second.Utf8));

        input = input[consumed..];
        decoder.Decode(input, out var third);
        Assert.Equal("{\"c\":3}", Encoding.UTF8.GetString(third.Utf8));
    }

    [Fact]
    public void Whitespace_and_newlines_between_values_must_be_skipped_and_an_empty_chunk_yield_nothing()
    {
        Assert.Empty(Feed(" \r\n\t\n  "));
        Assert.Equal(["{}", "{}"], Values(Feed("\n\n{}\r\n\r\n   {}\n")));
        Assert.Empty(new JsonFrameDecoder().DecodeAll([]));
    }

    [Fact]
    public void A_value_split_across_chunks_must_be_reported_as_partial_until_it_ends()
    {
        var decoder = new JsonFrameDecoder();
        Assert.Empty(decoder.DecodeAll("{\"command\": \"p"u8));
        Assert.True(decoder.HasPartialFrame);

        var frames = decoder.DecodeAll("wd\"}"u8);

        Assert.False(decoder.HasPartialFrame);
        Assert.Equal("{\"command\": \"pwd\"}", Encoding.UTF8.GetString(Assert.Single(frames).Utf8.Span));
    }

    [Fact]
    public void Brackets_and_quotes_inside_strings_must_not_end_a_value()
    {
        const string value = "{\"a\": \"}}]]\\\"{{\", \"b\": \"\\\\\", \"c\": \"\\\\\\\"}\"}";

        Assert.Equal([value], Values(Feed(value + value, chunkSize: 1)).Distinct());
        Assert.Equal(2, Values(Feed(value + value, chunkSize: 1)).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void An_oversized_value_must_be_refused_once_and_the_stream_must_go_on_after_it(int chunkSize)
    {
        var big = "{\"command\": \"ls\", \"argument\": \"" + new string('x', 200) + "{[\"}";
        var frames = Feed("{\"a\":1}" + big + " {\"b\":2}", chunkSize, maxFrameBytes: 100);

        Assert.Equal(
            [(FrameStatus.Value, FrameError.None, "{\"a\":1}"), (FrameStatus.TooLarge, FrameError.TooLarge, ""), (FrameStatus.Value, FrameError.None, "{\"b\":2}")],
            frames);
    }

    [Fact]
    public void A_value_exactly_at_the_limit_must_be_accepted_and_one_byte_more_refused()
    {
        var atLimit = "{\"a\":\"" + new string('x', 100 - 8) + "\"}";
        Assert.Equal(100, atLimit.Length);

        Assert.Equal([atLimit], Values(Feed(atLimit, chunkSize: 3, maxFrameBytes: 100)));
        Assert.Equal(FrameStatus.TooLarge, Assert.Single(Feed(atLimit, maxFrameBytes: 99)).Status);
    }

    [Fact]
    public void An_oversized_value_must_not_grow_the_buffer_past_the_limit()
    {
        var decoder = new JsonFrameDecoder(maxFrameBytes: 1000);
        var frames = new List<FrameStatus>();
        frames.AddRange(decoder.DecodeAll("[\""u8).Select(f => f.Status));
        for (var i = 0; i < 10_000; i++)
        {
            frames.AddRange(decoder.DecodeAll(Encoding.ASCII.GetBytes(new string('y', 100))).Select(f => f.Status));
        }

        frames.AddRange(decoder.DecodeAll("\"]{}"u8).Select(f => f.Status));

        Assert.Equal([FrameStatus.TooLarge, FrameStatus.Value], frames);
    }

    [Theory]
    [InlineData("garbage {\"a\":1}")]
    [InlineData("123 true null {\"a\":1}")]
    [InlineData("}}]] {\"a\":1}")]
    [InlineData("\uFEFF{\"a\":1}")]
    public void Garbage_between_values_must_be_reported_once_and_skipped_to_the_next_brace(string text)
    {
        foreach (var chunkSize in new[] { 1, int.MaxValue })
        {
            var frames = Feed(text, chunkSize);

            Assert.Equal(
                [(FrameStatus.Malformed, FrameError.Garbage, ""), (FrameStatus.Value, FrameError.None, "{\"a\":1}")],
                frames);
        }
    }

    [Fact]
    public void A_mismatched_closing_bracket_must_be_reported_once_and_the_session_resynchronize()
    {
        var frames = Feed("{\"a\": [1}, \"x\" ] {\"ok\":true}", chunkSize: 1);

        Assert.Equal(
            [(FrameStatus.Malformed, FrameError.Unbalanced, ""), (FrameStatus.Value, FrameError.None, "{\"ok\":true}")],
            frames);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_must_be_refused_as_too_deep()
    {
        var deep = new string('[', 65) + new string(']', 65);
        var frames = Feed(deep + "{}");

        Assert.Equal((FrameStatus.Malformed, FrameError.TooDeep, ""), frames[0]);
        Assert.Equal("{}", Values(frames).Last());
        Assert.Equal([new string('[', 64) + new string(']', 64)], Values(Feed(new string('[', 64) + new string(']', 64))));
    }

    [Theory]
    [InlineData(66)]
    [InlineData(5000)]
    public void A_value_nested_far_deeper_than_the_limit_must_get_exactly_one_error_and_be_skipped_to_its_end(int depth)
    {
        var arrays = new string('[', depth) + "\"]]}{[\"" + new string(']', depth);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        foreach (var chunkSize in new[] { 1, 7, int.MaxValue })
        {
            Assert.Equal(
                [(FrameStatus.Malformed, FrameError.TooDeep, ""), (FrameStatus.Value, FrameError.None, "{}")],
                Feed(arrays + "{}", chunkSize));
            Assert.Equal(
                [(FrameStatus.Malformed, FrameError.TooDeep, ""), (FrameStatus.Value, FrameError.None, "{}")],
                Feed(objects + "{}", chunkSize));
        }
    }

    [Fact]
    public void Structurally_balanced_but_malformed_json_must_be_passed_on_for_the_parser_to_refuse()
    {
        Assert.Equal(["{\"a\": }", "{}"], Values(Feed("{\"a\": }{}")));
    }

    [Fact]
    public void Invalid_utf8_must_be_reported_as_malformed_and_the_next_value_still_decoded()
    {
        byte[] bytes = [.. "{\"a\": \""u8, 0xC3, 0x28, .. "\"}{\"b\": \"\u00e9\"}"u8];
        foreach (var chunkSize in new[] { 1, 2, bytes.Length })
        {
            var frames = FeedInChunks(new JsonFrameDecoder(), bytes, chunkSize);

            Assert.Equal(
                [(FrameStatus.Malformed, FrameError.InvalidUtf8, ""), (FrameStatus.Value, FrameError.None, "{\"b\": \"\u00e9\"}")],
                frames);
        }
    }

    [Fact]
    public void Multibyte_characters_split_across_chunks_must_be_reassembled()
    {
        var text = "{\"name\": \"\u65e5\u672c \U0001F600\"}";

        Assert.Equal([text], Values(Feed(text, chunkSize: 1)));
    }

    [Fact]
    public void A_decoder_must_refuse_silly_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonFrameDecoder(maxFrameBytes: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonFrameDecoder(maxDepth: 65));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonFrameDecoder(maxDepth: 0));
    }
}
