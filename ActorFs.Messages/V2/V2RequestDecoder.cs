using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json.Linq;
using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>
/// Node side: turns one frame into a typed v2 request, or into the 400-class <see cref="ErrorReply"/>
/// to send back (which names the missing or wrong field). Never throws on any input.
/// </summary>
public static class V2RequestDecoder
{
    /// <summary>
    /// True when the frame is an object whose <c>command</c> is <c>"hello"</c> and that has a <c>protocol</c> key:
    /// a legacy session checks this before legacy parsing, and such a frame is answered in v2 (switching the
    /// session when it decodes). A legacy-shaped <c>{"command": "hello", "argument": null}</c> has no
    /// <c>protocol</c>, so it stays a legacy request and gets the legacy answer, as the contract requires.
    /// </summary>
    public static bool IsHello(ReadOnlySpan<byte> frame) =>
        JsonInput.ParseObject(frame) is { } obj
        && obj["command"] is JValue { Type: JTokenType.String, Value: Commands.Hello }
        && obj.ContainsKey("protocol");

    /// <summary>The error reply for a frame the <see cref="JsonFrameDecoder"/> refused: 413 <c>too_large</c> or 400 <c>bad_request</c>.</summary>
    public static ErrorReply ForRefusedFrame(FrameStatus status, FrameError error) => status == FrameStatus.TooLarge
        ? ErrorReply.Of(null, null, ErrorCode.TooLarge, "The request is larger than the frame limit.")
        : ErrorReply.Of(null, null, ErrorCode.BadRequest, error switch
        {
            FrameError.InvalidUtf8 => "The request is not valid UTF-8.",
            FrameError.TooDeep => "The request is nested too deeply.",
            _ => "The request is not valid JSON.",
        });

    /// <summary>Decodes one frame (see <see cref="JsonFrameDecoder"/>).</summary>
    /// <returns>True with <paramref name="request"/> set, or false with <paramref name="error"/> set.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out Request? request, [NotNullWhen(false)] out ErrorReply? error)
    {
        request = null;
        var obj = JsonInput.ParseObject(frame);
        if (obj is null)
        {
            error = ErrorReply.Of(null, null, ErrorCode.BadRequest, "The request is not a JSON object.");
            return false;
        }

        var fields = new FieldReader(obj);
        var id = fields.Int64("id", 0, MaxId);
        if (!fields.Ok)
        {
            error = ErrorReply.Of(null, null, ErrorCode.BadRequest, fields.Problem!, fields.ProblemField);
            return false;
        }

        // Any string names a command (PROTOCOL.md 4.2); one the node does not know, the empty one included,
        // is 400 unknown_command (4.5), not bad_request.
        var command = fields.AnyString("command");
        if (!fields.Ok)
        {
            error = ErrorReply.Of(id, null, ErrorCode.BadRequest, fields.Problem!, fields.ProblemField);
            return false;
        }

        request = ReadCommand(id, command, fields);
        if (request is null)
        {
            error = Commands.Reserved.Contains(command)
                ? ErrorReply.Of(id, command, ErrorCode.UnknownCommand, $"'{command}' is reserved for a later version and not available on this node.", "command")
                : ErrorReply.Of(id, command, ErrorCode.UnknownCommand, "Unknown command; send 'help' for the list.", "command");
            return false;
        }

        if (!fields.Ok)
        {
            request = null;
            error = ErrorReply.Of(id, command, ErrorCode.BadRequest, fields.Problem!, fields.ProblemField);
            return false;
        }

        if (request is Requests.Hello { Protocol: not ProtocolVersion })
        {
            request = null;
            error = ErrorReply.Of(id, command, ErrorCode.UnsupportedProtocol, $"This node speaks protocol {ProtocolVersion}.", "protocol");
            return false;
        }

        error = null;
        return true;
    }

    private static Request? ReadCommand(long id, string command, FieldReader f) => command switch
    {
        Commands.Hello => new Requests.Hello(id, f.Int32("protocol", 0, int.MaxValue), f.OptionalString("client")),
        Commands.Pwd => new Requests.Pwd(id),
        Commands.Cd => new Requests.Cd(id, f.String("path")),
        Commands.Ls => new Requests.Ls(id, f.OptionalString("path"), f.OptionalString("cursor"), (int?)f.OptionalInt64("limit", 1, MaxListLimit)),
        Commands.Mkdir => new Requests.Mkdir(id, f.String("path")),
        Commands.Rm => new Requests.Rm(id, f.String("path")),
        Commands.Rmdir => new Requests.Rmdir(id, f.String("path")),
        Commands.Mv => new Requests.Mv(id, f.String("from"), f.String("to"), f.Bool("overwrite", absent: false)),
        Commands.Stat => new Requests.Stat(id, f.String("path")),
        Commands.Sha256 => new Requests.Sha256(id, f.String("path")),
        Commands.Get => new Requests.Get(id, f.String("path"), f.OptionalInt64("offset", 0, long.MaxValue) ?? 0),
        Commands.Put => new Requests.Put(
            id, f.String("path"), f.Int64("size", 0, long.MaxValue), f.OptionalSha256("sha256"),
            f.Bool("overwrite", absent: false), f.Bool("resume", absent: false)),
        Commands.Append => new Requests.Append(id, f.String("path"), f.Int64("size", 0, long.MaxValue), f.OptionalSha256("sha256")),
        Commands.Write => new Requests.Write(
            id, f.String("path"), f.Int64("offset", 0, long.MaxValue), f.Int64("size", 0, long.MaxValue), f.OptionalSha256("sha256")),
        Commands.Help => new Requests.Help(id, f.OptionalString("topic")),
        Commands.Bye => new Requests.Bye(id),
        Commands.Auth => ReadAuth(id, f),
        Commands.Logout => new Requests.Logout(id),
        Commands.Passwd => new Requests.Passwd(id, f.String("old_password"), f.String("new_password")),
        Commands.Whoami => new Requests.Whoami(id),
        Commands.Share => new Requests.Share(id, f.String("path"), f.String("user"), ReadLevel(f)),
        Commands.Unshare => new Requests.Unshare(id, f.String("path"), f.String("user")),
        Commands.Public => new Requests.Public(id, f.String("path"), f.Bool("on")),
        Commands.Info => new Requests.Info(id),
        Commands.User => ReadUser(id, f),
        _ => null,
    };

    private static Requests.Auth ReadAuth(long id, FieldReader f)
    {
        if (f.Has("token"))
        {
            return f.Has("name") || f.Has("password")
                ? f.Fail("token", "cannot be sent with 'name' or 'password'; sign in with one form", new Requests.Auth(id))
                : new Requests.Auth(id, Token: f.String("token"));
        }

        return f.Has("name") || f.Has("password")
            ? new Requests.Auth(id, f.String("name"), f.String("password"))
            : f.Fail("name", "and 'password' are required, or 'token'", new Requests.Auth(id));
    }

    private static GrantLevel ReadLevel(FieldReader f) =>
        GrantLevels.FromWire(f.String("level")) ?? f.Fail("level", "must be \"read\", \"write\" or \"manage\"", GrantLevel.Read);

    private static Requests.User ReadUser(long id, FieldReader f)
    {
        var action = UserActions.FromWire(f.String("action"))
            ?? f.Fail("action", "must be \"add\", \"del\", \"passwd\", \"set\" or \"list\"", UserAction.List);
        return new Requests.User(
            id,
            action,
            action.NeedsName() ? f.String("name") : f.OptionalString("name"),
            action.NeedsPassword() ? f.String("password") : f.OptionalString("password"),
            f.OptionalInt64("quota_bytes", 0, long.MaxValue),
            f.OptionalInt64("max_files", 0, long.MaxValue),
            f.OptionalBool("admin"),
            f.OptionalBool("disabled"));
    }
}
