using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json.Linq;
using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>
/// Client side: turns one line the node wrote on a v2 control connection into a typed reply, error reply or event.
/// Never throws on any input; unknown fields are ignored, unknown error codes become <see cref="ErrorCode.Unrecognized"/>.
/// </summary>
public static class V2ServerMessageDecoder
{
    /// <summary>Decodes one frame.</summary>
    /// <returns>True with <paramref name="message"/> set, or false with <paramref name="problem"/> saying what was wrong
    /// (an event name this library does not know also lands here; clients skip those).</returns>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out ServerMessage? message, [NotNullWhen(false)] out string? problem)
    {
        message = null;
        var obj = JsonInput.ParseObject(frame);
        if (obj is null)
        {
            problem = "The message is not a JSON object.";
            return false;
        }

        var f = new FieldReader(obj);
        var type = f.String("type");
        message = type switch
        {
            "reply" => ReadReply(obj, f),
            "event" => ReadEvent(f),
            _ => f.Fail<ServerMessage?>("type", "must be \"reply\" or \"event\"", null),
        };

        if (!f.Ok || message is null)
        {
            message = null;
            problem = f.Problem ?? "The message is not a known reply or event.";
            return false;
        }

        problem = null;
        return true;
    }

    private static ServerMessage? ReadReply(JObject obj, FieldReader f)
    {
        var status = (StatusCode)f.Int32("status", 100, 599);
        if (!f.Ok)
        {
            return null;
        }

        if ((int)status >= 400)
        {
            var errorId = f.OptionalInt64("id", 0, MaxId);
            return new ErrorReply(
                errorId, f.OptionalString("command"), status, ErrorCodes.FromWire(f.OptionalString("error")),
                f.OptionalString("message") ?? string.Empty, f.OptionalString("field"));
        }

        var id = f.Int64("id", 0, MaxId);
        var command = f.String("command");
        if (command == Commands.Bye)
        {
            return new Replies.Bye(id);
        }

        if (JsonInput.Get(obj, "content") is not JObject contentObject)
        {
            return f.Fail<ServerMessage?>("content", "must be an object", null);
        }

        var c = f.Nested(contentObject, "content");
        Reply? reply = command switch
        {
            Commands.Hello => new Replies.Hello(
                id, c.Int32("protocol", 0, int.MaxValue), c.String("node"), c.String("server"),
                c.Int32("max_frame", 0, int.MaxValue), c.Strings("features"), c.String("cwd")),
            Commands.Pwd => new Replies.Pwd(id, c.String("path")),
            Commands.Cd => new Replies.Cd(id, c.String("path")),
            Commands.Ls => new Replies.Ls(id, c.String("path"), c.Objects("entries", ReadEntry), c.OptionalString("next")),
            Commands.Mkdir => new Replies.Mkdir(id, c.String("path")),
            Commands.Rm => new Replies.Rm(id, c.String("path")),
            Commands.Rmdir => new Replies.Rmdir(id, c.String("path")),
            Commands.Mv => new Replies.Mv(id, c.String("from"), c.String("to")),
            Commands.Stat => new Replies.Stat(id, c.String("path"), ReadEntry(c), c.OptionalObjects("grants", ReadGrant), c.OptionalBool("public")),
            Commands.Sha256 => new Replies.Sha256(id, c.String("path"), c.Int64("size", 0, long.MaxValue), c.Time("mtime"), c.Sha256("sha256")),
            Commands.Get => new Replies.Get(
                id, c.String("transfer"), c.String("path"), c.Int64("size", 0, long.MaxValue), c.Time("mtime"),
                c.Sha256("sha256"), c.Int64("offset", 0, long.MaxValue), c.String("token"), c.OptionalString("host"),
                c.Int32("port", 1, 65535), c.Int32("expires_in", 0, int.MaxValue)),
            Commands.Put => new Replies.Put(
                id, c.String("transfer"), c.String("path"), c.Int64("size", 0, long.MaxValue), c.Int64("offset", 0, long.MaxValue),
                c.String("token"), c.OptionalString("host"), c.Int32("port", 1, 65535), c.Int32("expires_in", 0, int.MaxValue)),
            Commands.Append => new Replies.Append(
                id, c.String("transfer"), c.String("path"), c.Int64("size", 0, long.MaxValue), c.Int64("offset", 0, long.MaxValue),
                c.String("token"), c.OptionalString("host"), c.Int32("port", 1, 65535), c.Int32("expires_in", 0, int.MaxValue)),
            Commands.Write => new Replies.Write(
                id, c.String("transfer"), c.String("path"), c.Int64("size", 0, long.MaxValue), c.Int64("offset", 0, long.MaxValue),
                c.String("token"), c.OptionalString("host"), c.Int32("port", 1, 65535), c.Int32("expires_in", 0, int.MaxValue)),
            Commands.Auth => new Replies.Auth(
                id, c.String("user"), c.Bool("admin"), c.String("home"), c.OptionalString("token"),
                c.OptionalInt64("expires_in_seconds", 0, long.MaxValue)),
            Commands.Logout => new Replies.Logout(id),
            Commands.Passwd => new Replies.Passwd(id, c.String("token"), c.Int64("expires_in_seconds", 0, long.MaxValue)),
            Commands.Whoami => new Replies.Whoami(id, c.OptionalString("user"), c.Bool("admin"), c.OptionalString("home"), c.OptionalString("anonymous")),
            Commands.Share => new Replies.Share(id, c.String("path"), c.Objects("grants", ReadGrant), c.Bool("public")),
            Commands.Unshare => new Replies.Unshare(id, c.String("path"), c.Objects("grants", ReadGrant), c.Bool("public")),
            Commands.Public => new Replies.Public(id, c.String("path"), c.Objects("grants", ReadGrant), c.Bool("public")),
            Commands.Info => new Replies.Info(
                id, c.OptionalString("user"), c.Int64("used_bytes", 0, long.MaxValue), c.OptionalInt64("quota_bytes", 0, long.MaxValue),
                c.Int64("used_files", 0, long.MaxValue), c.OptionalInt64("max_files", 0, long.MaxValue), c.Int64("free_bytes", 0, long.MaxValue)),
            Commands.User => new Replies.User(id, c.Objects("users", ReadUserSummary)),
            Commands.Help => new Replies.Help(id, c.Objects("commands", h => new CommandHelp(h.String("name"), h.String("usage"), h.String("summary")))),
            _ => f.Fail<Reply?>("command", "is not a command this client knows", null),
        };
        f.Adopt(c);
        return reply;
    }

    private static Entry ReadEntry(FieldReader e) => new(
        e.String("name"),
        EntryKinds.FromWire(e.String("kind")) ?? EntryKind.Other,
        e.OptionalInt64("size", 0, long.MaxValue),
        e.Time("mtime"),
        e.OptionalSha256("sha256"),
        e.OptionalString("owner"),
        e.OptionalBool("shared"));

    private static Grant ReadGrant(FieldReader g) => new(
        g.String("user"),
        GrantLevels.FromWire(g.String("level")) ?? g.Fail("level", "is not a level this client knows", GrantLevel.Read));

    private static UserSummary ReadUserSummary(FieldReader u) => new(
        u.String("name"),
        u.Bool("admin"),
        u.Bool("disabled"),
        u.String("home"),
        u.OptionalInt64("quota_bytes", 0, long.MaxValue),
        u.OptionalInt64("max_files", 0, long.MaxValue),
        u.Int64("used_bytes", 0, long.MaxValue),
        u.Int64("used_files", 0, long.MaxValue));

    private static TransferEvent? ReadEvent(FieldReader f)
    {
        var name = f.String("event");
        var id = f.Int64("id", 0, MaxId);
        var transfer = f.String("transfer");
        return name switch
        {
            EventNames.Progress => new Events.Progress(id, transfer, f.Int64("bytes", 0, long.MaxValue), f.Int64("total", 0, long.MaxValue)),
            EventNames.Verified => new Events.Verified(id, transfer, f.String("path"), f.Int64("bytes", 0, long.MaxValue), f.Sha256("sha256")),
            EventNames.Failed => new Events.Failed(
                id, transfer, (StatusCode)f.Int32("status", 100, 599), ErrorCodes.FromWire(f.String("error")), f.String("message")),
            _ => f.Fail<TransferEvent?>("event", "is not an event this client knows", null),
        };
    }
}
