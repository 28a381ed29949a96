using System.Text.Json;

namespace ActorFs.Node.Storage;

/// <summary>
/// The hidden folder where uploads are written before they are renamed into place (<c>/.actorfs/staging</c>).
/// Each upload is <c>ID.part</c> (the bytes) and <c>ID.json</c> (its <see cref="UploadIntent"/>), so an
/// interrupted upload can be found again after a restart; the part's modification time is when its last byte
/// was written. What is not kept for resume is swept at start.
/// </summary>
internal sealed class StagingArea
{
    private const string PartExtension = ".part";
    private const string MetadataExtension = ".json";

    private readonly RootConfinement _confinement;

    public StagingArea(RootConfinement confinement)
    {
        _confinement = confinement;
        Folder = Path.Join(confinement.InternalFolder, "staging");
    }

    public string Folder { get; }

    public string PartPath(string id) => Path.Join(Folder, id + PartExtension);

    public string MetadataPath(string id) => Path.Join(Folder, id + MetadataExtension);

    /// <summary>Creates the staged file and its metadata; the returned stream is opened for writing at offset 0.</summary>
    public (string Id, FileStream Content) Create(UploadIntent intent, DateTime createdUtc)
    {
        EnsureFolder();
        var id = Guid.NewGuid().ToString("N");
        File.WriteAllBytes(MetadataPath(id), StagingMetadata.Serialize(intent, createdUtc));
        var partPath = PartPath(id);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var content = new FileStream(partPath, options);
        _confinement.ConfirmOpened(content.SafeFileHandle, partPath, intent.Target, allowInternal: true);
        return (id, content);
    }

    /// <summary>Opens a kept upload's bytes for reading them back and appending after them (positioned at the end).</summary>
    public FileStream OpenForAppend(string id, VirtualPath target)
    {
        var partPath = PartPath(id);
        var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        var content = new FileStream(partPath, options);
        try
        {
            _confinement.ConfirmOpened(content.SafeFileHandle, partPath, target, allowInternal: true);
            content.Seek(0, SeekOrigin.End);
            return content;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>Deletes an upload's bytes and metadata; missing files are fine.</summary>
    public static void Delete(string partPath, string metadataPath)
    {
        File.Delete(partPath);
        File.Delete(metadataPath);
    }

    public IReadOnlyList<StagedUploadInfo> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var ids = Directory.EnumerateFiles(Folder)
            .Select(Path.GetFileName)
            .Where(name => name is not null && (name.EndsWith(PartExtension, StringComparison.Ordinal) || name.EndsWith(MetadataExtension, StringComparison.Ordinal)))
            .Select(name => Path.GetFileNameWithoutExtension(name!))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return [.. ids.Select(Describe)];
    }

    /// <summary>
    /// Deletes every staged upload <paramref name="retention"/> does not keep, and stray files; returns how many
    /// uploads went, and in <paramref name="kept"/> those that stay.
    /// </summary>
    public int Sweep(IStagingRetention retention, out IReadOnlyList<StagedUploadInfo> kept)
    {
        var swept = 0;
        var keeping = new List<StagedUploadInfo>();
        foreach (var upload in List())
        {
            if (retention.Keep(upload))
            {
                keeping.Add(upload);
            }
            else
            {
                Delete(PartPath(upload.Id), MetadataPath(upload.Id));
                swept++;
            }
        }

        kept = keeping;

        if (Directory.Exists(Folder))
        {
            foreach (var stray in Directory.EnumerateFiles(Folder).Where(f => !f.EndsWith(PartExtension, StringComparison.Ordinal) && !f.EndsWith(MetadataExtension, StringComparison.Ordinal)))
            {
                File.Delete(stray);
            }
        }

        return swept;
    }

    private StagedUploadInfo Describe(string id)
    {
        var part = new FileInfo(PartPath(id));
        var length = part.Exists ? part.Length : 0;
        (UploadIntent Intent, DateTime CreatedUtc)? metadata = null;
        try
        {
            metadata = StagingMetadata.Deserialize(File.ReadAllBytes(MetadataPath(id)));
        }
        catch (Exception e) when (e is IOException or JsonException or StorageException or UnauthorizedAccessException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // Unreadable metadata (a crash while writing it): the upload is reported without an intent.
        }

        var created = metadata?.CreatedUtc ?? (part.Exists ? part.CreationTimeUtc : DateTime.UnixEpoch);
        return new StagedUploadInfo(id, metadata?.Intent, length, created, part.Exists ? part.LastWriteTimeUtc : created);
    }

    private void EnsureFolder()
    {
        if (Directory.Exists(Folder) || OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(_confinement.InternalFolder, ownerOnly);
        Directory.CreateDirectory(Folder, ownerOnly);
    }
}

/// <summary>The JSON sidecar of a staged upload.</summary>
internal static class StagingMetadata
{
    public static byte[] Serialize(UploadIntent intent, DateTime createdUtc)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("target", intent.Target.Value);
            writer.WriteString("owner", intent.Owner);
            if (intent.DeclaredSize is { } size)
            {
                writer.WriteNumber("declaredSize", size);
            }
            else
            {
                writer.WriteNull("declaredSize");
            }

            writer.WriteString("declaredSha256", intent.DeclaredSha256);
            writer.WriteString("createdUtc", createdUtc);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static (UploadIntent Intent, DateTime CreatedUtc) Deserialize(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var target = VirtualPath.Parse(root.GetProperty("target").GetString() ?? throw new JsonException("no target"));
        var size = root.GetProperty("declaredSize");
        var intent = new UploadIntent(
            target,
            root.GetProperty("owner").GetString(),
            size.ValueKind == JsonValueKind.Null ? null : size.GetInt64(),
            root.GetProperty("declaredSha256").GetString());
        return (intent, root.GetProperty("createdUtc").GetDateTime().ToUniversalTime());
    }
}
