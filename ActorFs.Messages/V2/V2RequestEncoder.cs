using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>Client side: writes a v2 request as one line of compact JSON (UTF-8, newline-terminated). Absent optionals are left out.</summary>
public static class V2RequestEncoder
{
    /// <summary>The request's bytes, ready for one write.</summary>
    public static byte[] Encode(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var w = new V2JsonWriter();
        w.Start();
        w.Number("id", request.Id);
        w.String("command", request.Command);
        switch (request)
        {
            case Requests.Hello r:
                w.Number("protocol", r.Protocol);
                w.OptionalString("client", r.Client);
                break;
            case Requests.Cd r:
                w.String("path", r.Path);
                break;
            case Requests.Ls r:
                w.OptionalString("path", r.Path);
                w.OptionalString("cursor", r.Cursor);
                w.OptionalNumber("limit", r.Limit);
                break;
            case Requests.Mkdir r:
                w.String("path", r.Path);
                break;
            case Requests.Rm r:
                w.String("path", r.Path);
                break;
            case Requests.Rmdir r:
                w.String("path", r.Path);
                break;
            case Requests.Mv r:
                w.String("from", r.From);
                w.String("to", r.To);
                w.Bool("overwrite", r.Overwrite);
                break;
            case Requests.Stat r:
                w.String("path", r.Path);
                break;
            case Requests.Sha256 r:
                w.String("path", r.Path);
                break;
            case Requests.Get r:
                w.String("path", r.Path);
                w.Number("offset", r.Offset);
                break;
            case Requests.Put r:
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.OptionalString("sha256", r.Sha256);
                w.Bool("overwrite", r.Overwrite);
                w.Bool("resume", r.Resume);
                break;
            case Requests.Append r:
                w.String("path", r.Path);
                w.Number("size", r.Size);
                w.OptionalString("sha256", r.Sha256);
                break;
            case Requests.Write r:
                w.String("path", r.Path);
                w.Number("offset", r.Offset);
                w.Number("size", r.Size);
                w.OptionalString("sha256", r.Sha256);
                break;
            case Requests.Help r:
                w.OptionalString("topic", r.Topic);
                break;
            case Requests.Auth r:
                w.OptionalString("name", r.Name);
                w.OptionalString("password", r.Password);
                w.OptionalString("token", r.Token);
                break;
            case Requests.Passwd r:
                w.String("old_password", r.OldPassword);
                w.String("new_password", r.NewPassword);
                break;
            case Requests.Share r:
                w.String("path", r.Path);
                w.String("user", r.User);
                w.String("level", r.Level.ToWire());
                break;
            case Requests.Unshare r:
                w.String("path", r.Path);
                w.String("user", r.User);
                break;
            case Requests.Public r:
                w.String("path", r.Path);
                w.Bool("on", r.On);
                break;
            case Requests.User r:
                w.String("action", r.Action.ToWire());
                w.OptionalString("name", r.Name);
                w.OptionalString("password", r.Password);
                w.OptionalNumber("quota_bytes", r.QuotaBytes);
                w.OptionalNumber("max_files", r.MaxFiles);
                w.OptionalBool("admin", r.Admin);
                w.OptionalBool("disabled", r.Disabled);
                break;
        }

        return w.Finish();
    }
}
