using System.Text;
using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

/// <summary>Expected bytes were produced once with CPython 3's <c>json.dumps</c> (default settings) and pasted here.</summary>
public sealed class LegacyCodecSpec
{
    private static string Ascii(byte[] bytes)
    {
        Assert.All(bytes, b => Assert.True(b < 0x80));
        return Encoding.ASCII.GetString(bytes);
    }

    [Fact]
    public void An_ok_reply_without_content_must_match_python_json_dumps_byte_for_byte()
    {
        Assert.Equal(
            "{\"status_code\": 200, \"status_message\": \"OK\", \"content\": null}",
            Ascii(LegacyCodec.EncodeReply(Legacy.Reply.Ok())));
    }

    [Fact]
    public void The_invalid_format_reply_must_match_python_json_dumps_byte_for_byte()
    {
        Assert.Equal(
            "{\"status_code\": 500, \"status_message\": \"Invalid command format, it doesn't respect the protocol\", \"content\": null}",
            Ascii(LegacyCodec.EncodeReply(Legacy.Reply.Error(Legacy.StatusMessages.InvalidCommandFormat))));
    }

    [Fact]
    public void Non_ascii_emoji_escapes_and_control_characters_must_be_escaped_as_python_does()
    {
        var content = "/docs/a b/\u00e9t\u00e9 \u65e5\u672c \U0001F600 tab\there \"q\" back\\slash nl\nret\rbs\bff\f ctl\u0001\u001f del\u007f /slash";

        Assert.Equal(
            """{"status_code": 200, "status_message": "OK", "content": "/docs/a b/\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00 tab\there \"q\" back\\slash nl\nret\rbs\bff\f ctl\u0001\u001f del\u007f /slash"}""",
            Ascii(LegacyCodec.EncodeReply(Legacy.Reply.Ok(content))));
    }

    [Fact]
    public void A_listing_reply_must_match_python_json_dumps_byte_for_byte()
    {
        Assert.Equal(
            """{"status_code": 200, "status_message": "OK", "content": "a.txt\nb\u00e9.txt\n.hidden"}""",
            Ascii(LegacyCodec.EncodeReply(Legacy.Reply.Ok("a.txt\nb\u00e9.txt\n.hidden"))));
    }

    [Fact]
    public void Astral_and_high_bmp_characters_must_use_lowercase_surrogate_escapes()
    {
        var bytes = LegacyCodec.EncodeReply(Legacy.Reply.Ok("\U0001F4C1\u2028\ud7ff\ue000\uffff"));

        Assert.Contains("""
            "\ud83d\udcc1\u2028\ud7ff\ue000\uffff"
            """, Ascii(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_get_transfer_reply_must_match_python_json_dumps_byte_for_byte()
    {
        var reply = new Legacy.TransferReply(Legacy.Operations.Get, "/docs/Rute.pdf", 5378210, "abc-_DEF123", 3000, string.Concat(Enumerable.Repeat("ab", 32)));

        Assert.Equal(
            """{"status_code": 200, "operation": "get", "absolute_path": "/docs/Rute.pdf", "filesize": 5378210, "token": "abc-_DEF123", "transfer_port": 3000, "sha256sum": "abababababababababababababababababababababababababababababababab"}""",
            Ascii(LegacyCodec.EncodeTransferReply(reply)));
    }

    [Fact]
    public void A_put_transfer_reply_must_carry_null_filesize_and_checksum_as_python_json_dumps_does()
    {
        var reply = new Legacy.TransferReply(Legacy.Operations.Put, "/up/\u00fcber.txt", null, "tok", 3000, null);

        Assert.Equal(
            """{"status_code": 200, "operation": "put", "absolute_path": "/up/\u00fcber.txt", "filesize": null, "token": "tok", "transfer_port": 3000, "sha256sum": null}""",
            Ascii(LegacyCodec.EncodeTransferReply(reply)));
    }

    [Fact]
    public void The_status_messages_must_be_the_contract_texts()
    {
        Assert.Equal("OK", Legacy.StatusMessages.Ok);
        Assert.Equal("Directory already exists", Legacy.StatusMessages.DirectoryAlreadyExists);
        Assert.Equal("No such directory", Legacy.StatusMessages.NoSuchDirectory);
        Assert.Equal("File already exists", Legacy.StatusMessages.FileAlreadyExists);
        Assert.Equal("No such file", Legacy.StatusMessages.NoSuchFile);
        Assert.Equal("Invalid command or argument(s)", Legacy.StatusMessages.InvalidCommandOrArguments);
        Assert.Equal("Invalid command format, it doesn't respect the protocol", Legacy.StatusMessages.InvalidCommandFormat);
    }

    [Theory]
    [InlineData("{\"command\": \"pwd\", \"argument\": null}", "pwd", null)]
    [InlineData("{\"command\": \"ls\", \"argument\": \"docs/a b\"}", "ls", "docs/a b")]
    [InlineData("{\"argument\": \"x\", \"command\": \"cd\", \"extra\": [1, {\"k\": 2}]}", "cd", "x")]
    [InlineData("  {\"command\": \"get\", \"argument\": \"\\u00e9\\ud83d\\ude00\"}\n", "get", "\u00e9\U0001F600")]
    [InlineData("{\"command\": \"frobnicate\", \"argument\": \"\"}", "frobnicate", "")]
    [InlineData("{\"command\": \"mkdir\", \"argument\": \"2026-01-01T00:00:00Z\"}", "mkdir", "2026-01-01T00:00:00Z")]
    public void A_legacy_request_must_be_parsed_with_its_command_and_argument(string json, string command, string? argument)
    {
        Assert.True(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Equal(new Legacy.Request(command, argument), request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[\"pwd\", null]")]
    [InlineData("\"pwd\"")]
    [InlineData("{\"command\": \"pwd\"}")]
    [InlineData("{\"argument\": null}")]
    [InlineData("{\"command\": null, \"argument\": null}")]
    [InlineData("{\"command\": 1, \"argument\": null}")]
    [InlineData("{\"command\": \"ls\", \"argument\": 5}")]
    [InlineData("{\"command\": \"ls\", \"argument\": [\"a\"]}")]
    [InlineData("{\"command\": \"ls\", \"argument\": {\"p\": 1}}")]
    [InlineData("{\"command\": \"ls\", \"argument\": true}")]
    [InlineData("{\"command\": \"ls\", \"argument\": null}{}")]
    [InlineData("{\"command\": \"ls\", \"argument\": }")]
    [InlineData("{\"command\": \"ls\", \"argument\": 1e99999}")]
    public void Any_other_shape_must_be_an_invalid_format(string json)
    {
        Assert.False(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Null(request);
    }

    [Fact]
    public void Invalid_utf8_must_be_an_invalid_format()
    {
        byte[] bytes = [.. "{\"command\": \"ls\", \"argument\": \""u8, 0xFF, .. "\"}"u8];

        Assert.False(LegacyCodec.TryParseRequest(bytes, out _));
    }

    [Fact]
    public void Deep_nesting_and_huge_numbers_in_extra_keys_must_give_a_result_and_never_an_exception()
    {
        var deep = "{\"command\": \"ls\", \"argument\": null, \"x\": " + new string('[', 200) + new string(']', 200) + "}";
        var big = "{\"command\": \"ls\", \"argument\": null, \"x\": " + new string('9', 300) + "}";
        var enormous = "{\"command\": \"ls\", \"argument\": null, \"x\": " + new string('9', 5000) + "}";

        Assert.False(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(deep), out _));
        Assert.True(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(big), out _));
        Assert.False(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(enormous), out _));
    }
}
