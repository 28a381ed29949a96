using System.Diagnostics.CodeAnalysis;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ActorFs.Messages;

/// <summary>Reads legacy requests and writes legacy replies byte for byte as Python's <c>json.dumps</c> would.</summary>
public static class LegacyCodec
{
    /// <summary>
    /// Parses a frame as a legacy request: a JSON object with a string <c>command</c> and an
    /// <c>argument</c> that is null or a string; other keys are ignored.
    /// </summary>
    /// <returns>False for every other shape: the caller answers <see cref="Legacy.StatusMessages.InvalidCommandFormat"/>.</returns>
    public static bool TryParseRequest(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out Legacy.Request? request)
    {
        request = null;
        var obj = JsonInput.ParseObject(frame);
        if (obj is null
            || obj["command"] is not JValue { Type: JTokenType.String, Value: string command }
            || !obj.TryGetValue("argument", out var argument))
        {
            return false;
        }

        switch (argument.Type)
        {
            case JTokenType.Null:
                request = new Legacy.Request(command, null);
                return true;
            case JTokenType.String:
                request = new Legacy.Request(command, (string)argument!);
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>{"status_code": N, "status_message": "...", "content": ...}</c> as ASCII bytes, no newline.</summary>
    public static byte[] EncodeReply(Legacy.Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var sb = new StringBuilder(64 + (reply.Content?.Length ?? 0));
        sb.Append('{');
        PythonJson.AppendKey(sb, "status_code", first: true);
        PythonJson.AppendNumber(sb, reply.StatusCode);
        PythonJson.AppendKey(sb, "status_message", first: false);
        PythonJson.AppendString(sb, reply.StatusMessage);
        PythonJson.AppendKey(sb, "content", first: false);
        PythonJson.AppendString(sb, reply.Content);
        sb.Append('}');
        return PythonJson.ToBytes(sb);
    }

    /// <summary>The transfer reply with its keys in the contract's order, as ASCII bytes, no newline.</summary>
    public static byte[] EncodeTransferReply(Legacy.TransferReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var sb = new StringBuilder(256);
        sb.Append('{');
        PythonJson.AppendKey(sb, "status_code", first: true);
        PythonJson.AppendNumber(sb, Legacy.StatusOk);
        PythonJson.AppendKey(sb, "operation", first: false);
        PythonJson.AppendString(sb, reply.Operation);
        PythonJson.AppendKey(sb, "absolute_path", first: false);
        PythonJson.AppendString(sb, reply.AbsolutePath);
        PythonJson.AppendKey(sb, "filesize", first: false);
        PythonJson.AppendNumber(sb, reply.FileSize);
        PythonJson.AppendKey(sb, "token", first: false);
        PythonJson.AppendString(sb, reply.Token);
        PythonJson.AppendKey(sb, "transfer_port", first: false);
        PythonJson.AppendNumber(sb, reply.TransferPort);
        PythonJson.AppendKey(sb, "sha256sum", first: false);
        PythonJson.AppendString(sb, reply.Sha256Sum);
        sb.Append('}');
        return PythonJson.ToBytes(sb);
    }
}
