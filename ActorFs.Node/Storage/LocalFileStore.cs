namespace ActorFs.Node.Storage;

/// <summary>
/// <see cref="IFileStore"/> on a folder of the local disk. Every path goes through <see cref="RootConfinement"/>;
/// the internal folder <c>/.actorfs</c> is hidden from listings, answers <see cref="StorageErrorKind.NotFound"/>
/// to every lookup and <see cref="StorageErrorKind.Reserved"/> to every attempt to create it.
/// Split by concern: this file (lookups), <c>.Changes</c> (mkdir, rm, rmdir, mv), <c>.Reading</c> (open, digests),
/// <c>.Uploads</c> (staging and commit).
/// </summary>
internal sealed partial class LocalFileStore : IFileStore
{
    private readonly RootConfinement _confinement;
    private readonly StagingArea _staging;
    private readonly DigestCache _digests;
    private readonly LocalFileStoreOptions _options;

    /// <summary>Serves <paramref name="rootHostPath"/>, which must exist. Call <see cref="SweepStaging"/> once at start.</summary>
    public LocalFileStore(string rootHostPath, LocalFileStoreOptions? options = null)
    {
        _options = options ?? new LocalFileStoreOptions();
        _confinement = new RootConfinement(rootHostPath, _options.UseProcFd);
        _staging = new StagingArea(_confinement);
        _digests = new DigestCache(_options.DigestCacheCapacity);
    }

    /// <summary>The canonical host path of the root, for the operator's logs.</summary>
    public string RootHostPath => _confinement.Root;

    public FileEntry Stat(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var host = _confinement.ResolveExisting(path);
        return Describe(path, StatHost(host, path, followLinks: true));
    }

    public DirectoryPage List(VirtualPath directory, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(page.Limit);
        var host = _confinement.ResolveExisting(directory);
        if (StatHost(host, directory, followLinks: true).Kind != HostEntryKind.Directory)
        {
            throw StorageErrors.NotADirectory(directory);
        }

        List<string> names;
        try
        {
            names = [.. Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName).OfType<string>().Where(name => IsListable(directory, name))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, directory, "list");
        }

        names.Sort(StringComparer.Ordinal);
        var start = page.After is null ? Math.Max(0, page.Offset) : FirstAfter(names, page.After);
        var entries = new List<FileEntry>();
        var index = start;
        for (; index < names.Count && entries.Count < page.Limit; index++)
        {
            if (TryDescribeListed(directory.Combine(names[index]), Path.Join(host, names[index])) is { } entry)
            {
                entries.Add(entry);
            }
        }

        var nextCursor = index < names.Count && entries.Count > 0 ? names[index - 1] : null;
        return new DirectoryPage(entries, nextCursor, names.Count);
    }

    public long FreeSpace()
    {
        try
        {
            return new DriveInfo(_confinement.Root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, VirtualPath.Root, "free space");
        }
    }

    private static int FirstAfter(List<string> sortedNames, string after)
    {
        var index = sortedNames.BinarySearch(after, StringComparer.Ordinal);
        return index >= 0 ? index + 1 : ~index;
    }

    // Names a virtual path cannot carry (control characters, invalid UTF-8 shown as U+FFFD) are left out,
    // as is the internal folder at the root.
    private static bool IsListable(VirtualPath directory, string name) =>
        !(directory.IsRoot && name == RootConfinement.InternalName) && VirtualPath.IsValidName(name, out _) && !name.Contains('\uFFFD', StringComparison.Ordinal);

    private FileEntry? TryDescribeListed(VirtualPath path, string host)
    {
        if (LibC.Stat(host, followLinks: false, out var stat) != 0)
        {
            return null; // gone between the enumeration and now
        }

        if (stat.Kind == HostEntryKind.SymbolicLink)
        {
            var real = LibC.RealPath(host);
            if (real is null || !_confinement.IsInside(real, allowInternal: false) || LibC.Stat(real, followLinks: true, out stat) != 0)
            {
                return new FileEntry(path, FileKind.Other, 0, stat.LastWriteTimeUtc, null);
            }
        }

        return Describe(path, stat);
    }

    private FileEntry Describe(VirtualPath path, HostStat stat)
    {
        var kind = stat.Kind switch
        {
            HostEntryKind.RegularFile => FileKind.File,
            HostEntryKind.Directory => FileKind.Directory,
            _ => FileKind.Other,
        };
        var sha = kind == FileKind.File ? _digests.Get(path, stat.Size, stat.LastWriteTimeUtc) : null;
        return new FileEntry(path, kind, kind == FileKind.Directory ? 0 : stat.Size, stat.LastWriteTimeUtc, sha);
    }

    private static HostStat StatHost(string host, VirtualPath path, bool followLinks) =>
        LibC.Stat(host, followLinks, out var stat) == 0 ? stat : throw StorageErrors.FromErrno(LibC.LastError, path, "stat");

    private static bool TryStatHost(string host, out HostStat stat) => LibC.Stat(host, followLinks: false, out stat) == 0;
}
