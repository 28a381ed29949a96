namespace ActorFs.Node.Storage;

/// <summary>What a directory entry is. Symbolic links are reported as what they point to when that stays inside the root, else as <see cref="Other"/>.</summary>
internal enum FileKind
{
    File,
    Directory,
    Other,
}

/// <summary>
/// One entry as stat and ls show it. <paramref name="Sha256"/> is the lowercase hex digest when the store
/// already knows it for this exact size and modification time, else null (it never hashes to fill it).
/// </summary>
internal sealed record FileEntry(VirtualPath Path, FileKind Kind, long Size, DateTime LastWriteTimeUtc, string? Sha256)
{
    /// <summary>The entry's name, the last segment of <see cref="Path"/> (empty for the root).</summary>
    public string Name => Path.Name;
}

/// <summary>
/// Which slice of a directory to list, by ordinal name order: either skip <paramref name="Offset"/> entries or
/// start after the name in <paramref name="After"/> (a cursor from <see cref="DirectoryPage.NextCursor"/>,
/// stable even when entries are added or removed between pages), then return at most <paramref name="Limit"/>.
/// </summary>
internal sealed record PageRequest(int Offset = 0, int Limit = int.MaxValue, string? After = null)
{
    /// <summary>Everything, in one page.</summary>
    public static PageRequest All { get; } = new();
}

/// <summary>One page of a listing. <paramref name="NextCursor"/> is null on the last page; <paramref name="Total"/> counts every visible entry of the directory.</summary>
internal sealed record DirectoryPage(IReadOnlyList<FileEntry> Entries, string? NextCursor, int Total);
