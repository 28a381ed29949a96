using System.Text.Json;

using ActorFs.Node.Quotas;

namespace ActorFs.Node.Accounts;

/// <summary>The bodies of the <c>user</c> commands, each run under the store's lock by <c>Host.Run</c>.</summary>
internal static partial class UserCommandLine
{
    private static int Add(Session session, string name, UserOptions options, bool passwordFromStdin)
    {
        UserNames.Validate(name);
        var document = session.Store.Load();
        if (document.FindUser(name) is not null)
        {
            throw AccountException.UserExists(name);
        }

        if (options.Check() is { } why)
        {
            throw new AccountException(AccountError.InvalidValue, why);
        }

        var password = ReadNewPassword(session, name, passwordFromStdin);
        var next = document.AddUser(name, session.Hasher.Hash(password), options, session.Now);
        var home = UsageCounter.HomeHostPath(session.Root, name);
        var reused = Directory.Exists(home);
        Directory.CreateDirectory(home);
        session.Store.Save(next);
        UpdateUsage(session, usage => usage[name] = UsageCounter.Count(home));
        var user = next.GetUser(name);
        session.Context.Out.WriteLine(
            $"Added {name}{(user.Admin ? " (administrator)" : "")}: home {user.Home}{(reused ? " (the folder existed and is kept)" : "")}, " +
            $"quota {SizeText.FormatSize(user.QuotaBytes)}, max files {SizeText.FormatCount(user.MaxFiles)}.");
        return 0;
    }

    private static int Delete(Session session, string name)
    {
        UserNames.Validate(name);
        var document = session.Store.Load();
        var next = document.RemoveUser(name);
        session.Store.Save(next);
        UpdateUsage(session, usage => usage.Remove(name));
        session.Context.Out.WriteLine($"Deleted {name}, its sessions and the grants naming it.");
        session.Context.Out.WriteLine(
            $"Its files stay in {UsageCounter.HomeHostPath(session.Root, name)}; with no owner, signed-in users can read them. Move or delete them if they are private.");
        return 0;
    }

    private static int ChangePassword(Session session, string name, bool passwordFromStdin)
    {
        UserNames.Validate(name);
        var document = session.Store.Load();
        document.GetUser(name);
        var password = ReadNewPassword(session, name, passwordFromStdin);
        var signedOut = document.Tokens.Values.Count(t => t.User == name && !t.IsExpired(session.Now));
        session.Store.Save(document.SetPassword(name, session.Hasher.Hash(password), session.Now));
        session.Context.Out.WriteLine($"Changed the password of {name}; {signedOut} session token(s) revoked.");
        return 0;
    }

    private static int Set(Session session, string name, Func<UserOptions, UserOptions> change)
    {
        UserNames.Validate(name);
        var document = session.Store.Load();
        var options = change(document.GetUser(name).Options);
        var next = document.SetUserOptions(name, options);
        if (!ReferenceEquals(next, document))
        {
            session.Store.Save(next);
        }

        session.Context.Out.WriteLine(
            $"{name}: quota {SizeText.FormatSize(options.QuotaBytes)}, max files {SizeText.FormatCount(options.MaxFiles)}, " +
            $"{(options.Admin ? "administrator" : "not an administrator")}, {(options.Disabled ? "disabled" : "enabled")}{(ReferenceEquals(next, document) ? " (unchanged)" : "")}.");
        return 0;
    }

    private static int List(Session session, bool json)
    {
        var document = session.Store.Load();
        IReadOnlyDictionary<string, Usage>? usage;
        try
        {
            usage = session.Usage.Load();
        }
        catch (AccountStoreException e)
        {
            session.Context.Error.WriteLine($"actorfs-node: warning: {e.Message}");
            usage = null;
        }

        if (json)
        {
            WriteListJson(session.Context.Out, document, usage);
            return 0;
        }

        var rows = document.Users.Values.Select(u =>
        {
            var used = usage?.GetValueOrDefault(u.Name);
            return new[]
            {
                u.Name, u.Admin ? "yes" : "no", u.Disabled ? "yes" : "no",
                used is { } b ? SizeText.FormatSize(b.Bytes) : "?", SizeText.FormatSize(u.QuotaBytes),
                used is { } f ? SizeText.FormatCount(f.Files) : "?", SizeText.FormatCount(u.MaxFiles),
            };
        }).ToList();
        if (rows.Count == 0)
        {
            session.Context.Out.WriteLine("No users. Add one with: actorfs-node user add NAME");
            return 0;
        }

        string[] header = ["NAME", "ADMIN", "DISABLED", "USED", "QUOTA", "FILES", "MAX FILES"];
        var widths = header.Select((h, i) => rows.Max(r => r[i].Length) is var w && w > h.Length ? w : h.Length).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            session.Context.Out.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return 0;
    }

    private static int Recount(Session session)
    {
        var document = session.Store.Load();
        var usage = UsageCounter.CountAll(session.Root, document);
        session.Usage.Save(usage);
        foreach (var (name, totals) in usage.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            session.Context.Out.WriteLine($"{name}: {SizeText.FormatSize(totals.Bytes)} in {SizeText.FormatCount(totals.Files)} file(s)");
        }

        session.Context.Out.WriteLine($"Wrote {session.Usage.FilePath}.");
        return 0;
    }

    private static string ReadNewPassword(Session session, string name, bool fromStdin)
    {
        if (fromStdin)
        {
            var line = session.Context.In.ReadLine();
            return PasswordRules.Validate(line?.TrimEnd('\r'));
        }

        var first = session.Context.Terminal.ReadSecret($"New password for {name}: ")
            ?? throw new UsageException("there is no terminal to read the password from; pipe it in with --password-stdin.");
        PasswordRules.Validate(first);
        var second = session.Context.Terminal.ReadSecret("Type it again: ") ?? throw new UsageException("there is no terminal to read the password from.");
        return first == second ? first : throw new AccountException(AccountError.InvalidValue, "The two passwords differ; nothing was changed.");
    }

    /// <summary>Applies a change to usage.json; a damaged file is reported, not fatal, since <c>user recount</c> rebuilds it.</summary>
    private static void UpdateUsage(Session session, Action<Dictionary<string, Usage>> change)
    {
        try
        {
            var usage = new Dictionary<string, Usage>(session.Usage.Load(), StringComparer.Ordinal);
            change(usage);
            session.Usage.Save(usage);
        }
        catch (Exception e) when (e is AccountStoreException or IOException or UnauthorizedAccessException)
        {
            session.Context.Error.WriteLine($"actorfs-node: warning: {e.Message} The accounts were saved; run 'actorfs-node user recount' to rebuild usage.json.");
        }
    }

    private static void WriteListJson(TextWriter output, AccountsDocument document, IReadOnlyDictionary<string, Usage>? usage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("users");
            foreach (var user in document.Users.Values)
            {
                var used = usage?.GetValueOrDefault(user.Name);
                writer.WriteStartObject();
                writer.WriteString("name", user.Name);
                writer.WriteBoolean("admin", user.Admin);
                writer.WriteBoolean("disabled", user.Disabled);
                writer.WriteString("home", user.Home);
                StoredJson.WriteOptional(writer, "quota_bytes", user.QuotaBytes);
                StoredJson.WriteOptional(writer, "max_files", user.MaxFiles);
                StoredJson.WriteOptional(writer, "used_bytes", used?.Bytes);
                StoredJson.WriteOptional(writer, "used_files", used?.Files);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
