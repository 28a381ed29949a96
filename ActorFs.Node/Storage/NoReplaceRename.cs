namespace ActorFs.Node.Storage;

/// <summary>
/// Renames without ever replacing an existing target, atomically: renameat2(RENAME_NOREPLACE), or where the
/// kernel or filesystem lacks it (EINVAL, ENOSYS), link(2) then unlink(2), which also fails with EEXIST
/// rather than replace. Directories cannot be hard-linked, so for them the fallback is check-then-rename.
/// </summary>
internal static class NoReplaceRename
{
    /// <summary>Returns 0 on success, else errno (EEXIST when the target exists).</summary>
    public static int Move(string source, string target, bool useRenameat2, bool sourceIsDirectory)
    {
        if (useRenameat2)
        {
            if (LibC.RenameNoReplaceAt2(source, target) == 0)
            {
                return 0;
            }

            var errno = LibC.LastError;
            if (errno is not (StorageErrors.EINVAL or StorageErrors.ENOSYS))
            {
                return errno;
            }
        }

        return sourceIsDirectory ? CheckThenRename(source, target) : LinkThenUnlink(source, target);
    }

    private static int LinkThenUnlink(string source, string target)
    {
        if (LibC.Link(source, target) != 0)
        {
            return LibC.LastError;
        }

        // The target is complete from here on; a failed unlink only leaves the source name behind.
        LibC.Unlink(source);
        return 0;
    }

    private static int CheckThenRename(string source, string target)
    {
        if (LibC.Stat(target, followLinks: false, out _) == 0)
        {
            return StorageErrors.EEXIST;
        }

        return LibC.Rename(source, target) == 0 ? 0 : LibC.LastError;
    }
}
