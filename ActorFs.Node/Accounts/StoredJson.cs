using System.Globalization;
using System.Text.Json;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Strict reading and writing helpers shared by the account store's files: every missing field, wrong type or
/// bad value becomes an <see cref="InvalidDataException"/> that says which field, and a version newer than the
/// reader knows becomes a <see cref="NotSupportedException"/>.
/// </summary>
internal static class StoredJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>Parses <paramref name="utf8"/> as one JSON object whose <c>version</c> is 1 to <paramref name="supportedVersion"/>.</summary>
    public static JsonDocument ParseVersioned(ReadOnlyMemory<byte> utf8, int supportedVersion)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"it is not valid JSON ({e.Message})", e);
        }

        try
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("it is not a JSON object");
            var version = Int64(root, "version", "");
            if (version > supportedVersion)
            {
                throw new NotSupportedException(
                    $"it has format version {version}, written by a newer ActorFs; this version reads format {supportedVersion} and older. Run the newer ActorFs, or restore a backup");
            }

            if (version < 1) throw new InvalidDataException($"its version {version} is not a format version");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Writes one indented JSON object through <paramref name="body"/>, starting with <c>"version": version</c>.</summary>
    public static byte[] WriteVersioned(int version, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            body(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static JsonElement Property(JsonElement parent, string name, string where, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Subject(where)} is not an object");
        if (!parent.TryGetProperty(name, out var value)) throw new InvalidDataException($"{Subject(where)} has no '{name}'");
        return value.ValueKind == kind ? value : throw WrongKind(name, where, kind);
    }

    /// <summary>An optional property: absent or null give null; anything else must be of <paramref name="kind"/>.</summary>
    public static JsonElement? OptionalProperty(JsonElement parent, string name, string where, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == kind ? value : throw WrongKind(name, where, kind);
    }

    public static string String(JsonElement parent, string name, string where) => Property(parent, name, where, JsonValueKind.String).GetString()!;

    public static long Int64(JsonElement parent, string name, string where) =>
        Property(parent, name, where, JsonValueKind.Number).TryGetInt64(out var value) ? value : throw new InvalidDataException($"{Prefix(where)}'{name}' is not a whole number");

    public static long? OptionalInt64(JsonElement parent, string name, string where) =>
        OptionalProperty(parent, name, where, JsonValueKind.Number) is not { } element ? null
        : element.TryGetInt64(out var value) ? value : throw new InvalidDataException($"{Prefix(where)}'{name}' is not a whole number");

    public static bool Boolean(JsonElement parent, string name, string where)
    {
        if (!parent.TryGetProperty(name, out var value)) throw new InvalidDataException($"{Subject(where)} has no '{name}'");
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongKind(name, where, JsonValueKind.True),
        };
    }

    public static bool? OptionalBoolean(JsonElement parent, string name, string where) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Boolean(parent, name, where) : null;

    /// <summary>A UTC time written by <see cref="WriteTime"/> (ISO 8601 round-trip form).</summary>
    public static DateTime Time(JsonElement parent, string name, string where)
    {
        var text = String(parent, name, where);
        return DateTime.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : throw new InvalidDataException($"{Prefix(where)}'{name}' is not a time such as 2025-01-31T12:00:00.0000000Z");
    }

    public static byte[] Base64(JsonElement parent, string name, string where)
    {
        var text = String(parent, name, where);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{Prefix(where)}'{name}' is not base64", e);
        }
    }

    public static void WriteTime(Utf8JsonWriter writer, string name, DateTime time) =>
        writer.WriteString(name, DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));

    public static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    private static string Subject(string where) => where.Length == 0 ? "the document" : where;

    private static string Prefix(string where) => where.Length == 0 ? "" : where + ": ";

    private static InvalidDataException WrongKind(string name, string where, JsonValueKind kind)
    {
        var expected = kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "true or false",
        };
        return new InvalidDataException($"{Prefix(where)}'{name}' is not {expected}");
    }
}
