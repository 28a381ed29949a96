using System.Text.Json;

namespace ActorFs.Node.Storage;

/// <summary>Which partial write a journal record undoes; informational (the undo is the same for both).</summary>
internal enum PartialWriteKind
{
    Append,
    WriteAt,
}

/// <summary>
/// One partial write in flight: enough to put the file back exactly as it was. The file is found through a hard
/// link in the journal folder when <see cref="Linked"/>, otherwise at <see cref="Target"/>, and only if it still has
/// <see cref="Identity"/>. Undo: truncate to <see cref="OriginalLength"/>, write the <see cref="UndoLength"/> saved
/// bytes (whose SHA-256 is <see cref="UndoSha256"/>) back at <see cref="Offset"/>, restore the modification time (at start;
/// a running node stamps a new one, since readers may have seen the changed bytes).
/// </summary>
internal sealed record PartialWriteRecord(
    string Id,
    PartialWriteKind Kind,
    VirtualPath Target,
    FileIdentity Identity,
    bool Linked,
    long OriginalLength,
    DateTime OriginalLastWriteTimeUtc,
    long Offset,
    long Length,
    long UndoLength,
    string? UndoSha256,
    DateTime CreatedUtc)
{
    /// <summary>How many bytes of the file [offset, offset + length) overwrites: the part of the range that lies before the original end.</summary>
    public static long OverlapOf(long originalLength, long offset, long length) => Math.Max(0, Math.Min(originalLength, offset + length) - offset);
}

/// <summary>
/// The JSON form of a <see cref="PartialWriteRecord"/> (<c>ID.journal</c>). Version 1:
/// <c>{"version":1,"id","operation":"append"|"write","target":virtual path,"device","inode","bornNanoseconds","linked",
/// "originalLength","originalModifiedUtc","offset","length","undoLength","undoSha256":hex|null,"createdUtc"}</c>.
/// Reading checks every field and their consistency; anything off is <see cref="InvalidDataException"/>.
/// </summary>
internal static class PartialWriteRecordJson
{
    private const int Version = 1;

    public static byte[] Serialize(PartialWriteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("id", record.Id);
            writer.WriteString("operation", record.Kind == PartialWriteKind.Append ? "append" : "write");
            writer.WriteString("target", record.Target.Value);
            writer.WriteNumber("device", record.Identity.Device);
            writer.WriteNumber("inode", record.Identity.Inode);
            writer.WriteNumber("bornNanoseconds", record.Identity.BornNanoseconds);
            writer.WriteBoolean("linked", record.Linked);
            writer.WriteNumber("originalLength", record.OriginalLength);
            writer.WriteString("originalModifiedUtc", record.OriginalLastWriteTimeUtc);
            writer.WriteNumber("offset", record.Offset);
            writer.WriteNumber("length", record.Length);
            writer.WriteNumber("undoLength", record.UndoLength);
            writer.WriteString("undoSha256", record.UndoSha256);
            writer.WriteString("createdUtc", record.CreatedUtc);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static PartialWriteRecord Deserialize(byte[] json, string expectedId)
    {
        PartialWriteRecord record;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != Version)
            {
                throw new InvalidDataException("Unknown journal record version.");
            }

            var sha = root.GetProperty("undoSha256");
            record = new PartialWriteRecord(
                root.GetProperty("id").GetString() ?? string.Empty,
                root.GetProperty("operation").GetString() switch
                {
                    "append" => PartialWriteKind.Append,
                    "write" => PartialWriteKind.WriteAt,
                    _ => throw new InvalidDataException("Unknown journal operation."),
                },
                VirtualPath.Parse(root.GetProperty("target").GetString() ?? string.Empty),
                new FileIdentity(root.GetProperty("device").GetUInt64(), root.GetProperty("inode").GetUInt64(), root.GetProperty("bornNanoseconds").GetInt64()),
                root.GetProperty("linked").GetBoolean(),
                root.GetProperty("originalLength").GetInt64(),
                root.GetProperty("originalModifiedUtc").GetDateTime().ToUniversalTime(),
                root.GetProperty("offset").GetInt64(),
                root.GetProperty("length").GetInt64(),
                root.GetProperty("undoLength").GetInt64(),
                sha.ValueKind == JsonValueKind.Null ? null : sha.GetString(),
                root.GetProperty("createdUtc").GetDateTime().ToUniversalTime());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or StorageException)
        {
            throw new InvalidDataException("Unreadable journal record.", e);
        }

        return IsConsistent(record, expectedId) ? record : throw new InvalidDataException("Inconsistent journal record.");
    }

    private static bool IsConsistent(PartialWriteRecord r, string expectedId) =>
        r.Id == expectedId
        && r.OriginalLength >= 0 && r.Offset >= 0 && r.Length >= 0 && r.Offset <= r.OriginalLength
        && r.UndoLength == PartialWriteRecord.OverlapOf(r.OriginalLength, r.Offset, r.Length)
        && (r.UndoLength == 0
            ? r.UndoSha256 is null
            : r.UndoSha256 is { Length: 64 } sha && sha.All(char.IsAsciiHexDigit));
}
