namespace ActorFs.Node.Storage;

/// <summary>Directory and namespace changes: mkdir, rm, rmdir, mv.</summary>
internal sealed partial class LocalFileStore
{
    public void CreateDirectory(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseInternalTarget(path);
        if (path.IsRoot)
        {
            throw StorageErrors.AlreadyExists(path);
        }

        var host = _confinement.ResolveEntry(path);
        if (LibC.Mkdir(host) != 0)
        {
            throw StorageErrors.FromErrno(LibC.LastError, path, "mkdir");
        }
    }

    public void DeleteFile(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            throw StorageErrors.NotAFile(path);
        }

        var host = _confinement.ResolveEntry(path);
        if (StatHost(host, path, followLinks: false).Kind == HostEntryKind.Directory)
        {
            throw StorageErrors.NotAFile(path);
        }

        if (LibC.Unlink(host) != 0)
        {
            throw StorageErrors.FromErrno(LibC.LastError, path, "delete");
        }

        _digests.Invalidate(path);
    }

    public void RemoveDirectory(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsRoot)
        {
            throw StorageErrors.InvalidPath("the root cannot be removed", path.Value);
        }

        var host = _confinement.ResolveEntry(path);
        if (StatHost(host, path, followLinks: false).Kind != HostEntryKind.Directory)
        {
            throw StorageErrors.NotADirectory(path);
        }

        if (LibC.Rmdir(host) != 0)
        {
            var errno = LibC.LastError;
            throw errno == StorageErrors.EEXIST ? StorageErrors.NotEmpty(path) : StorageErrors.FromErrno(errno, path, "rmdir");
        }

        _digests.Invalidate(path);
    }

    public void Move(VirtualPath source, VirtualPath target, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        RefuseInternalTarget(target);
        if (source.IsRoot)
        {
            throw StorageErrors.InvalidPath("the root cannot be moved", source.Value);
        }

        if (target.IsRoot)
        {
            throw StorageErrors.AlreadyExists(target);
        }

        var sourceHost = _confinement.ResolveEntry(source);
        var sourceIsDirectory = StatHost(sourceHost, source, followLinks: false).Kind == HostEntryKind.Directory;
        if (target != source && target.IsSameOrUnder(source))
        {
            throw StorageErrors.InvalidPath($"cannot move a directory into itself ({target})", source.Value);
        }

        var targetHost = _confinement.ResolveEntry(target);
        if (sourceIsDirectory && targetHost.StartsWith(sourceHost + "/", StringComparison.Ordinal))
        {
            throw StorageErrors.InvalidPath($"cannot move a directory into itself ({target})", source.Value);
        }

        var errno = overwrite
            ? ReplacingRename(sourceHost, targetHost, sourceIsDirectory)
            : NoReplaceRename.Move(sourceHost, targetHost, _options.UseRenameat2, sourceIsDirectory);
        if (errno != 0)
        {
            throw errno == StorageErrors.EEXIST || errno == StorageErrors.ENOTEMPTY || (errno == StorageErrors.EISDIR && !sourceIsDirectory)
                ? StorageErrors.AlreadyExists(target)
                : StorageErrors.FromErrno(errno, source, "move");
        }

        _digests.Invalidate(source);
        _digests.Invalidate(target);
        LibC.FsyncDirectory(Path.GetDirectoryName(targetHost)!);
        LibC.FsyncDirectory(Path.GetDirectoryName(sourceHost)!);
    }

    // Replacing is only for files: a directory is never replaced, nor does a directory replace anything.
    private static int ReplacingRename(string sourceHost, string targetHost, bool sourceIsDirectory)
    {
        if (TryStatHost(targetHost, out var existing) && (sourceIsDirectory || existing.Kind == HostEntryKind.Directory))
        {
            return StorageErrors.EEXIST;
        }

        return LibC.Rename(sourceHost, targetHost) == 0 ? 0 : LibC.LastError;
    }

    private static void RefuseInternalTarget(VirtualPath path)
    {
        if (RootConfinement.IsInternal(path))
        {
            throw StorageErrors.Reserved(path);
        }
    }
}
