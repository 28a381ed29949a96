using System.Runtime.InteropServices;

namespace ActorFs.Node.Storage;

/// <summary>
/// Maps virtual paths to host paths that are guaranteed to lie under the root (DESIGN.md section 6).
/// Every existing component is resolved with realpath(3), so a symbolic link anywhere in the path is followed
/// and refused if its target leaves the root or enters the internal folder; links that stay inside are fine.
/// After a file is opened, <see cref="ConfirmOpened"/> checks what the descriptor really is, closing the race
/// where a component is swapped for a link between the check and the open.
/// </summary>
internal sealed class RootConfinement
{
    /// <summary>The root-level folder the store keeps for itself (staging, later journals); hidden and unaddressable.</summary>
    public const string InternalName = ".actorfs";

    private readonly bool _useProcFd;

    public RootConfinement(string rootHostPath, bool useProcFd = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootHostPath);
        Root = LibC.RealPath(Path.GetFullPath(rootHostPath)) ?? throw new DirectoryNotFoundException($"The root folder does not exist: {rootHostPath}");
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The root is not a folder: {rootHostPath}");
        }

        InternalFolder = Path.Join(Root, InternalName);
        _useProcFd = useProcFd && Directory.Exists("/proc/self/fd");
    }

    /// <summary>The canonical host path of the root (no symbolic links, no trailing slash unless it is <c>/</c>).</summary>
    public string Root { get; }

    /// <summary>The host path of the internal folder.</summary>
    public string InternalFolder { get; }

    /// <summary>Whether <paramref name="path"/> names the internal folder or something inside it.</summary>
    public static bool IsInternal(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return !path.IsRoot && string.Equals(path.Segments[0], InternalName, StringComparison.Ordinal);
    }

    /// <summary>
    /// The host path of the entry <paramref name="path"/> names, its parent resolved and checked but its last
    /// component not followed (so deleting or renaming a link acts on the link). The entry itself may not exist;
    /// its parent must be an existing directory.
    /// </summary>
    public string ResolveEntry(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsInternal(path))
        {
            throw StorageErrors.NotFound(path);
        }

        if (path.IsRoot)
        {
            return Root;
        }

        var parent = path.Parent;
        var parentReal = LibC.RealPath(Join(parent));
        if (parentReal is null)
        {
            var errno = LibC.LastError;
            throw errno == StorageErrors.ENOENT ? StorageErrors.NotFound(path) : StorageErrors.FromErrno(errno, parent, "resolve");
        }

        if (!IsInside(parentReal, allowInternal: false))
        {
            throw StorageErrors.OutsideRoot(path);
        }

        if (!Directory.Exists(parentReal))
        {
            throw StorageErrors.NotADirectory(parent);
        }

        return Path.Join(parentReal, path.Name);
    }

    /// <summary>The canonical host path of an existing entry, every link followed and checked.</summary>
    public string ResolveExisting(VirtualPath path)
    {
        var entry = ResolveEntry(path);
        if (path.IsRoot)
        {
            return entry;
        }

        var real = LibC.RealPath(entry);
        if (real is null)
        {
            var errno = LibC.LastError;
            throw errno == StorageErrors.ENOENT ? StorageErrors.NotFound(path) : StorageErrors.FromErrno(errno, path, "resolve");
        }

        return IsInside(real, allowInternal: false) ? real : throw StorageErrors.OutsideRoot(path);
    }

    /// <summary>Whether a canonical host path is the root or below it (component-wise: <c>/x/data2</c> is not under <c>/x/data</c>).</summary>
    public bool IsInside(string realHostPath, bool allowInternal)
    {
        ArgumentNullException.ThrowIfNull(realHostPath);
        if (!IsSameOrUnder(realHostPath, Root))
        {
            return false;
        }

        return allowInternal || !IsSameOrUnder(realHostPath, InternalFolder);
    }

    /// <summary>
    /// Confirms that an opened descriptor really lies under the root, through <c>/proc/self/fd/N</c>; where /proc
    /// is unavailable, re-resolves <paramref name="hostPath"/> instead. Closes the handle and refuses otherwise.
    /// </summary>
    public void ConfirmOpened(SafeHandle handle, string hostPath, VirtualPath path, bool allowInternal = false)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var actual = _useProcFd ? ReadDescriptorTarget(handle) : null;
        actual ??= LibC.RealPath(hostPath);
        if (actual is null || !IsInside(actual, allowInternal))
        {
            handle.Dispose();
            throw StorageErrors.OutsideRoot(path);
        }
    }

    private static string? ReadDescriptorTarget(SafeHandle handle)
    {
        try
        {
            var target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
            const string deleted = " (deleted)";
            return target is not null && target.EndsWith(deleted, StringComparison.Ordinal) ? target[..^deleted.Length] : target;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsSameOrUnder(string path, string ancestor)
    {
        if (ancestor == "/")
        {
            return path.StartsWith('/');
        }

        return path.Length == ancestor.Length
            ? string.Equals(path, ancestor, StringComparison.Ordinal)
            : path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal);
    }

    private string Join(VirtualPath path) => path.IsRoot ? Root : Path.Join(Root, path.RelativeText);
}
