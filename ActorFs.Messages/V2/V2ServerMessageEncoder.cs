using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>
/// Node side: writes a reply, an error reply or an event as one line of compact JSON (UTF-8, newline-terminated).
/// Every message has <c>"type": "reply"</c> or <c>"type": "event"</c> first.
/// </summary>
public static class V2ServerMessageEncoder
{
    /// <summary>The message's bytes, ready for one write.</summary>
    public static byte[] Encode(ServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var w = new V2JsonWriter();
        w.Start();
        switch (message)
        {
            case ErrorReply e:
                w.String("type", "reply");
                w.Number("id", e.Id);
                w.String("command", e.Command);
                w.Number("status", (int)e.Status);
                w.String("error", e.Error.ToWire());
                w.String("message", e.Message);
                w.OptionalString("field", e.Field);
                break;
            case Reply r:
                w.String("type", "reply");
                w.Number("id", r.Id);
                w.String("command", r.Command);
                w.Number("status", (int)r.Status);
                WriteContent(w, r);
                break;
            case TransferEvent e:
                w.String("type", "event");
                w.String("event", e.Name);
                w.Number("id", e.Id);
                w.String("transfer", e.Transfer);
                WriteEvent(w, e);
                break;
            default:
                throw new ArgumentException($"Unknown server message {message.GetType().Name}.", nameof(message));
        }

        return w.Finish();
    }

    private static void WriteContent(V2JsonWriter w, Reply reply)
    {
        if (reply is Replies.Bye)
        {
            w.Null("content");
            return;
        }

        w.StartObject("content");
        switch (reply)
        {
            case Replies.Hello r:
                w.Number("protocol", r.Protocol);
                w.String("node", r.Node);
                w.String("server", r.Server);
                w.Number("max_frame", r.MaxFrameBytes);
                w.StartArray("features");
                foreach (var feature in r.Features)
                {
                    w.StringValue(feature);
                }

                w.EndArray();
                w.String("cwd", r.Cwd);
                break;
            case Replies.Pwd r:
                w.String("path", r.Path);
                break;
            case Replies.Cd r:
                w.String("path", r.Path);
                break;
            case Replies.Ls r:
                w.String("path", r.Path);
                w.StartArray("entries");
                foreach (var entry in r.Entries)
                {
                    w.StartObject();
                    WriteEntry(w, entry);
                    w.EndObject();
                }

                w.EndArray();
                w.String("next", r.Next);
                break;
            case Replies.Mkdir r:
                w.String("path", r.Path);
                break;
            case Replies.Rm r:
                w.String("path", r.Path);
                break;
            case Replies.Rmdir r:
                w.String("path", r.Path);
                break;
            case Replies.Mv r:
                w.String("from", r.From);
                w.String("to", r.To);
                break;
            case Replies.Stat r:
                w.String("path", r.Path);
                WriteEntry(w, r.Entry);
                if (r.Grants is not null)
                {
                    WriteGrants(w, r.Grants);
                }

                w.OptionalBool("public", r.IsPublic);
                break;
            case Replies.Sha256 r:
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.Time("mtime", r.Modified);
                w.String("sha256", r.Digest);
                break;
            case Replies.Get r:
                w.String("transfer", r.Transfer);
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.Time("mtime", r.Modified);
                w.String("sha256", r.Digest);
                w.Number("offset", r.Offset);
                WriteTicket(w, r.Token, r.Host, r.Port, r.ExpiresInSeconds);
                break;
            case Replies.Put r:
                w.String("transfer", r.Transfer);
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.Number("offset", r.Offset);
                WriteTicket(w, r.Token, r.Host, r.Port, r.ExpiresInSeconds);
                break;
            case Replies.Append r:
                w.String("transfer", r.Transfer);
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.Number("offset", r.Offset);
                WriteTicket(w, r.Token, r.Host, r.Port, r.ExpiresInSeconds);
                break;
            case Replies.Write r:
                w.String("transfer", r.Transfer);
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.Number("offset", r.Offset);
                WriteTicket(w, r.Token, r.Host, r.Port, r.ExpiresInSeconds);
                break;
            case Replies.Auth r:
                w.String("user", r.User);
                w.Bool("admin", r.Admin);
                w.String("home", r.Home);
                w.OptionalString("token", r.Token);
                w.OptionalNumber("expires_in_seconds", r.ExpiresInSeconds);
                break;
            case Replies.Logout:
                break;
            case Replies.Passwd r:
                w.String("token", r.Token);
                w.Number("expires_in_seconds", r.ExpiresInSeconds);
                break;
            case Replies.Whoami r:
                w.OptionalString("user", r.User);
                w.Bool("admin", r.Admin);
                w.OptionalString("home", r.Home);
                w.String("anonymous", r.Anonymous);
                break;
            case Replies.Share r:
                WriteAccess(w, r.Path, r.Grants, r.IsPublic);
                break;
            case Replies.Unshare r:
                WriteAccess(w, r.Path, r.Grants, r.IsPublic);
                break;
            case Replies.Public r:
                WriteAccess(w, r.Path, r.Grants, r.IsPublic);
                break;
            case Replies.Info r:
                w.OptionalString("user", r.User);
                w.Number("used_bytes", r.UsedBytes);
                w.OptionalNumber("quota_bytes", r.QuotaBytes);
                w.Number("used_files", r.UsedFiles);
                w.OptionalNumber("max_files", r.MaxFiles);
                w.Number("free_bytes", r.FreeBytes);
                break;
            case Replies.User r:
                WriteUsers(w, r.Users);
                break;
            case Replies.Help r:
                w.StartArray("commands");
                foreach (var help in r.Commands)
                {
                    w.StartObject();
                    w.String("name", help.Name);
                    w.String("usage", help.Usage);
                    w.String("summary", help.Summary);
                    w.EndObject();
                }

                w.EndArray();
                break;
            default:
                throw new ArgumentException($"Unknown reply {reply.GetType().Name}.", nameof(reply));
        }

        w.EndObject();
    }

    private static void WriteEntry(V2JsonWriter w, Entry entry)
    {
        w.String("name", entry.Name);
        w.String("kind", EntryKinds.ToWire(entry.Kind));
        w.Number("size", entry.Size);
        w.Time("mtime", entry.Modified);
        w.String("sha256", entry.Sha256);
        w.OptionalString("owner", entry.Owner);
        w.OptionalBool("shared", entry.Shared);
    }

    private static void WriteAccess(V2JsonWriter w, string path, IReadOnlyList<Grant> grants, bool isPublic)
    {
        w.String("path", path);
        WriteGrants(w, grants);
        w.Bool("public", isPublic);
    }

    private static void WriteGrants(V2JsonWriter w, IReadOnlyList<Grant> grants)
    {
        w.StartArray("grants");
        foreach (var grant in grants)
        {
            w.StartObject();
            w.String("user", grant.User);
            w.String("level", grant.Level.ToWire());
            w.EndObject();
        }

        w.EndArray();
    }

    private static void WriteUsers(V2JsonWriter w, IReadOnlyList<UserSummary> users)
    {
        w.StartArray("users");
        foreach (var user in users)
        {
            w.StartObject();
            w.String("name", user.Name);
            w.Bool("admin", user.Admin);
            w.Bool("disabled", user.Disabled);
            w.String("home", user.Home);
            w.OptionalNumber("quota_bytes", user.QuotaBytes);
            w.OptionalNumber("max_files", user.MaxFiles);
            w.Number("used_bytes", user.UsedBytes);
            w.Number("used_files", user.UsedFiles);
            w.EndObject();
        }

        w.EndArray();
    }

    private static void WriteTicket(V2JsonWriter w, string token, string? host, int port, int expiresIn)
    {
        w.String("token", token);
        w.String("host", host);
        w.Number("port", port);
        w.Number("expires_in", expiresIn);
    }

    private static void WriteEvent(V2JsonWriter w, TransferEvent e)
    {
        switch (e)
        {
            case Events.Progress p:
                w.Number("bytes", p.Bytes);
                w.Number("total", p.Total);
                break;
            case Events.Verified v:
                w.String("path", v.Path);
                w.Number("bytes", v.Bytes);
                w.String("sha256", v.Digest);
                break;
            case Events.Failed f:
                w.Number("status", (int)f.Status);
                w.String("error", f.Error.ToWire());
                w.String("message", f.Message);
                break;
            default:
                throw new ArgumentException($"Unknown event {e.GetType().Name}.", nameof(e));
        }
    }
}
