using System.Collections.Immutable;
using System.Text.Json;
using static ActorFs.Node.Accounts.StoredJson;

namespace ActorFs.Node.Accounts;

/// <summary>
/// The on-disk form of <see cref="AccountsDocument"/> (field names in snake_case, like the wire):
/// <code>
/// { "version": 1,
///   "users":  [{ "name", "password": { "algorithm", "iterations", "salt", "hash" }, "quota_bytes", "max_files",
///                "admin", "disabled", "created", "password_changed" }],
///   "tokens": [{ "sha256", "user", "issued", "expires" }],
///   "access": [{ "path", "grants": { USER: "read" | "write" | "manage" }, "public" }] }
/// </code>
/// Salts and hashes are base64, times ISO 8601 UTC, absent limits null. Reading is strict: anything missing,
/// mistyped or breaking an invariant of the document is refused; unknown fields are ignored.
/// </summary>
internal static class AccountsJson
{
    public static byte[] Serialize(AccountsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return WriteVersioned(AccountsDocument.CurrentVersion, writer =>
        {
            writer.WriteStartArray("users");
            foreach (var user in document.Users.Values)
            {
                WriteUser(writer, user);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tokens");
            foreach (var token in document.Tokens.Values)
            {
                writer.WriteStartObject();
                writer.WriteString("sha256", token.Hash);
                writer.WriteString("user", token.User);
                WriteTime(writer, "issued", token.IssuedUtc);
                WriteTime(writer, "expires", token.ExpiresUtc);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("access");
            foreach (var (path, record) in document.Access)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteStartObject("grants");
                foreach (var (user, level) in record.Grants)
                {
                    writer.WriteString(user, level.ToText());
                }

                writer.WriteEndObject();
                if (record.Public is { } isPublic) writer.WriteBoolean("public", isPublic);
                else writer.WriteNull("public");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>Reads a document; <see cref="InvalidDataException"/> says what is wrong, <see cref="NotSupportedException"/> that the format is newer.</summary>
    public static AccountsDocument Deserialize(ReadOnlyMemory<byte> utf8)
    {
        using var json = ParseVersioned(utf8, AccountsDocument.CurrentVersion);
        var root = json.RootElement;
        var users = Property(root, "users", "", JsonValueKind.Array).EnumerateArray().Select(ReadUser).ToList();
        var tokens = Property(root, "tokens", "", JsonValueKind.Array).EnumerateArray().Select(ReadToken).ToList();
        var access = Property(root, "access", "", JsonValueKind.Array).EnumerateArray().Select(ReadAccess).ToList();
        return AccountsDocument.FromParts(users, tokens, access);
    }

    private static void WriteUser(Utf8JsonWriter writer, UserRecord user)
    {
        writer.WriteStartObject();
        writer.WriteString("name", user.Name);
        writer.WriteStartObject("password");
        writer.WriteString("algorithm", user.Password.Algorithm);
        writer.WriteNumber("iterations", user.Password.Iterations);
        writer.WriteBase64String("salt", user.Password.Salt.AsSpan());
        writer.WriteBase64String("hash", user.Password.Hash.AsSpan());
        writer.WriteEndObject();
        WriteOptional(writer, "quota_bytes", user.QuotaBytes);
        WriteOptional(writer, "max_files", user.MaxFiles);
        writer.WriteBoolean("admin", user.Admin);
        writer.WriteBoolean("disabled", user.Disabled);
        WriteTime(writer, "created", user.CreatedUtc);
        WriteTime(writer, "password_changed", user.PasswordChangedUtc);
        writer.WriteEndObject();
    }

    private static UserRecord ReadUser(JsonElement element, int index)
    {
        var name = String(element, "name", $"users[{index}]");
        var where = $"user '{name}'";
        var password = Property(element, "password", where, JsonValueKind.Object);
        var passwordWhere = where + " password";
        var iterations = Int64(password, "iterations", passwordWhere);
        var hash = new PasswordHash(
            String(password, "algorithm", passwordWhere),
            iterations is > 0 and <= int.MaxValue ? (int)iterations : throw new InvalidDataException($"{passwordWhere}: 'iterations' is out of range"),
            ImmutableArray.Create(Base64(password, "salt", passwordWhere)),
            ImmutableArray.Create(Base64(password, "hash", passwordWhere)));
        var options = new UserOptions(
            OptionalInt64(element, "quota_bytes", where),
            OptionalInt64(element, "max_files", where),
            Boolean(element, "admin", where),
            Boolean(element, "disabled", where));
        return new UserRecord(name, hash, options, Time(element, "created", where), Time(element, "password_changed", where));
    }

    private static TokenRecord ReadToken(JsonElement element, int index)
    {
        var where = $"tokens[{index}]";
        return new TokenRecord(String(element, "sha256", where), String(element, "user", where), Time(element, "issued", where), Time(element, "expires", where));
    }

    private static KeyValuePair<string, AccessRecord> ReadAccess(JsonElement element, int index)
    {
        var path = String(element, "path", $"access[{index}]");
        var where = $"access '{path}'";
        var grants = ImmutableSortedDictionary.CreateBuilder<string, GrantLevel>(StringComparer.Ordinal);
        foreach (var grant in Property(element, "grants", where, JsonValueKind.Object).EnumerateObject())
        {
            var level = grant.Value.ValueKind == JsonValueKind.String ? GrantLevels.Parse(grant.Value.GetString()) : null;
            if (level is null) throw new InvalidDataException($"{where}: the grant to '{grant.Name}' is not read, write or manage");
            if (!grants.TryAdd(grant.Name, level.Value)) throw new InvalidDataException($"{where}: '{grant.Name}' is granted twice");
        }

        return new(path, new AccessRecord(grants.ToImmutable(), OptionalBoolean(element, "public", where)));
    }
}
