using System.Text;
using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

public sealed class TransferWireSpec
{
    private static readonly string Sha = string.Concat(Enumerable.Repeat("AB", 32));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void The_legacy_echo_of_a_get_reply_must_yield_only_its_token_and_checksum()
    {
        var echo = LegacyCodec.EncodeTransferReply(new Legacy.TransferReply("get", "/etc/passwd", 10, "tok_EN-42", 3000, Sha.ToLowerInvariant()));

        Assert.True(TransferWire.TryParseHandshake(echo, out var handshake));
        Assert.Equal(new TransferWire.Handshake("tok_EN-42", Sha.ToLowerInvariant(), 1), handshake);
    }

    [Fact]
    public void The_legacy_echo_of_a_put_reply_must_yield_the_declared_checksum_in_lowercase()
    {
        var echo = $$"""{"status_code": 200, "operation": "put", "absolute_path": "/x", "filesize": null, "token": "t", "transfer_port": 3000, "sha256sum": "{{Sha}}"}""";

        Assert.True(TransferWire.TryParseHandshake(Utf8(echo), out var handshake));
        Assert.Equal(Sha.ToLowerInvariant(), handshake.DeclaredSha256);
    }

    [Fact]
    public void The_v2_handshake_must_round_trip_and_declare_protocol_2()
    {
        var bytes = TransferWire.EncodeHandshake("abcDEF_-123");

        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.True(TransferWire.TryParseHandshake(bytes, out var handshake));
        Assert.Equal(new TransferWire.Handshake("abcDEF_-123", null, 2), handshake);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"token\": null}")]
    [InlineData("{\"token\": 42}")]
    [InlineData("{\"token\": \"\"}")]
    [InlineData("{\"token\": \"has space\"}")]
    [InlineData("{\"token\": \"a/b+c=\"}")]
    [InlineData("{\"token\": \"t\", \"sha256sum\": \"nothex\"}")]
    [InlineData("{\"token\": \"t\", \"sha256sum\": 5}")]
    [InlineData("{\"token\": \"t\", \"protocol\": 3}")]
    [InlineData("{\"token\": \"t\", \"protocol\": \"2\"}")]
    public void An_unreadable_handshake_must_be_refused(string text)
    {
        Assert.False(TransferWire.TryParseHandshake(Utf8(text), out var handshake));
        Assert.Null(handshake);
    }

    [Fact]
    public void A_token_longer_than_the_limit_must_be_refused()
    {
        Assert.False(TransferWire.TryParseHandshake(Utf8($"{{\"token\": \"{new string('a', TransferWire.MaxTokenLength + 1)}\"}}"), out _));
        Assert.True(TransferWire.TryParseHandshake(Utf8($"{{\"token\": \"{new string('a', TransferWire.MaxTokenLength)}\"}}"), out _));
    }

    [Fact]
    public void A_handshake_must_not_show_its_token_when_logged()
    {
        Assert.DoesNotContain("secret", new TransferWire.Handshake("secret", null, 2).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ready_flag_must_be_the_eight_ascii_bytes_10101010()
    {
        Assert.Equal("10101010", Encoding.ASCII.GetString(TransferWire.ReadyFlag));
    }

    [Fact]
    public void A_stored_outcome_must_round_trip()
    {
        var outcome = TransferWire.Outcome.Stored(5378210, Sha.ToLowerInvariant());

        Assert.True(TransferWire.TryParseOutcome(TransferWire.EncodeOutcome(outcome), out var decoded));
        Assert.Equal(outcome, decoded);
        Assert.True(decoded.IsSuccess);
    }

    [Fact]
    public void A_failed_outcome_must_round_trip_with_its_status_and_code()
    {
        var outcome = TransferWire.Outcome.Failed(ErrorCode.ChecksumMismatch, "The upload's SHA-256 differs from the declared one.");

        var bytes = TransferWire.EncodeOutcome(outcome);

        Assert.StartsWith("{\"status\":422,\"error\":\"checksum_mismatch\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.True(TransferWire.TryParseOutcome(bytes, out var decoded));
        Assert.Equal(outcome, decoded);
        Assert.False(decoded.IsSuccess);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("{}")]
    [InlineData("{\"status\": \"201\"}")]
    [InlineData("{\"status\": 201, \"sha256\": \"xyz\"}")]
    [InlineData("{\"status\": 99999999999999999999999}")]
    public void An_unreadable_outcome_must_be_refused(string text)
    {
        Assert.False(TransferWire.TryParseOutcome(Utf8(text), out _));
    }
}
