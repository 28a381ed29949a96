using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json.Linq;

namespace ActorFs.Messages;

/// <summary>
/// What crosses the transfer port before and after the file's bytes, for both protocols (docs/PROTOCOL.md, "Transfer handshake").
/// </summary>
public static class TransferWire
{
    /// <summary>The longest token accepted; the node issues 43-character tokens (256 bits, base64url).</summary>
    public const int MaxTokenLength = 256;

    /// <summary>The 8 ASCII bytes <c>10101010</c> a node sends on a put connection when it is ready for the file's bytes.</summary>
    public static ReadOnlySpan<byte> ReadyFlag => "10101010"u8;

    /// <summary>The first frame a client sends on a transfer connection.</summary>
    /// <param name="Token">The token, checked to be URL-safe (A-Z, a-z, 0-9, '-', '_') and at most <see cref="MaxTokenLength"/> characters.</param>
    /// <param name="DeclaredSha256">The legacy client's <c>sha256sum</c> (for a put: the checksum of the file it is about to send), in lowercase; null when absent or null.</param>
    /// <param name="Protocol"><c>2</c> when the client declared v2 (the node may then answer a refusal with an <see cref="Outcome"/> line); <c>1</c> for the legacy echo.</param>
    public sealed record Handshake(string Token, string? DeclaredSha256, int Protocol)
    {
        /// <summary>Leaves the token out, so a logged handshake never shows it.</summary>
        public override string ToString() => $"Handshake {{ Protocol = {Protocol}, DeclaredSha256 = {DeclaredSha256} }}";
    }

    /// <summary>
    /// The node's last line on a v2 transfer connection: after a put, whether the file is in place;
    /// on any v2 connection it refuses, why.
    /// </summary>
    /// <param name="Status">201 for a verified put; an error status otherwise.</param>
    /// <param name="Error">The machine code for failures; null on success.</param>
    /// <param name="Message">A human sentence for failures; null on success.</param>
    /// <param name="Bytes">The file's size on success.</param>
    /// <param name="Sha256">The file's SHA-256 on success.</param>
    public sealed record Outcome(StatusCode Status, ErrorCode? Error, string? Message, long? Bytes, string? Sha256)
    {
        /// <summary>A verified upload.</summary>
        public static Outcome Stored(long bytes, string sha256) => new(StatusCode.Created, null, null, bytes, sha256);

        /// <summary>A refusal or failure, its status taken from the catalog.</summary>
        public static Outcome Failed(ErrorCode error, string message) => new(error.Status(), error, message, null, null);

        /// <summary>True for 2xx statuses.</summary>
        public bool IsSuccess => (int)Status is >= 200 and < 300;
    }

    /// <summary>
    /// Reads a transfer handshake: the legacy client's echo of the whole transfer reply, or the v2
    /// <c>{"token": "...", "protocol": 2}</c>. Only <c>token</c>, <c>sha256sum</c> and <c>protocol</c> are read;
    /// path and operation come from what the token was issued for, never from here.
    /// </summary>
    /// <returns>False for anything unreadable: the node then closes the connection without a word (legacy) or after an <see cref="Outcome"/> (v2, when readable enough to know).</returns>
    public static bool TryParseHandshake(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out Handshake? handshake)
    {
        handshake = null;
        var obj = JsonInput.ParseObject(frame);
        if (obj is null
            || obj["token"] is not JValue { Type: JTokenType.String, Value: string token }
            || token.Length is 0 or > MaxTokenLength
            || !token.All(IsUrlSafe))
        {
            return false;
        }

        string? sha = null;
        var shaToken = JsonInput.Get(obj, "sha256sum");
        if (shaToken is not null)
        {
            if (shaToken.Type != JTokenType.String || !Hex.IsSha256((string)shaToken!))
            {
                return false;
            }

            sha = ((string)shaToken!).ToLowerInvariant();
        }

        var protocol = 1;
        var protocolToken = JsonInput.Get(obj, "protocol");
        if (protocolToken is not null)
        {
            if (!JsonInput.TryGetInt64(protocolToken, out var p) || p != V2.ProtocolVersion)
            {
                return false;
            }

            protocol = V2.ProtocolVersion;
        }

        handshake = new Handshake(token, sha, protocol);
        return true;
    }

    /// <summary>The v2 handshake line a client sends first on a transfer connection.</summary>
    public static byte[] EncodeHandshake(string token)
    {
        using var w = new V2JsonWriter();
        w.Start();
        w.String("token", token);
        w.Number("protocol", V2.ProtocolVersion);
        return w.Finish();
    }

    /// <summary>The node's final line on a v2 transfer connection, compact JSON and a newline.</summary>
    public static byte[] EncodeOutcome(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var w = new V2JsonWriter();
        w.Start();
        w.Number("status", (int)outcome.Status);
        if (outcome.IsSuccess)
        {
            w.OptionalNumber("bytes", outcome.Bytes);
            w.OptionalString("sha256", outcome.Sha256);
        }
        else
        {
            w.String("error", (outcome.Error ?? ErrorCode.Internal).ToWire());
            w.String("message", outcome.Message ?? string.Empty);
        }

        return w.Finish();
    }

    /// <summary>Client side: reads the node's final line.</summary>
    public static bool TryParseOutcome(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out Outcome? outcome)
    {
        outcome = null;
        var obj = JsonInput.ParseObject(frame);
        if (obj is null)
        {
            return false;
        }

        var f = new FieldReader(obj);
        var status = (StatusCode)f.Int32("status", 100, 599);
        if (!f.Ok)
        {
            return false;
        }

        outcome = (int)status is >= 200 and < 300
            ? new Outcome(status, null, null, f.OptionalInt64("bytes", 0, long.MaxValue), f.OptionalSha256("sha256"))
            : new Outcome(status, ErrorCodes.FromWire(f.OptionalString("error")), f.OptionalString("message"), null, null);
        if (!f.Ok)
        {
            outcome = null;
            return false;
        }

        return true;
    }

    private static bool IsUrlSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
