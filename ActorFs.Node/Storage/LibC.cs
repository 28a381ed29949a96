using System.Runtime.InteropServices;

namespace ActorFs.Node.Storage;

/// <summary>
/// The few libc calls .NET does not expose: an atomic no-replace rename, hard links, mkdir that reports
/// EEXIST, realpath, and fsync of a directory. Each returns -1 (or null) and leaves errno for
/// <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // 02000000, the same on x86-64 and arm64
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;

    [LibraryImport(Library, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkNative(string path);

    [LibraryImport(Library, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport(Library, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport(Library, EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RmdirNative(string path);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxNative(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>renameat2(RENAME_NOREPLACE); ENOSYS when the C library has no such entry point.</summary>
    public static int RenameNoReplaceAt2(string oldPath, string newPath)
    {
        try
        {
            return RenameAt2(AtFdCwd, oldPath, AtFdCwd, newPath, RenameNoReplace);
        }
        catch (EntryPointNotFoundException)
        {
            Marshal.SetLastPInvokeError(StorageErrors.ENOSYS);
            return -1;
        }
    }

    public static int Rename(string oldPath, string newPath) => RenameNative(oldPath, newPath);

    public static int Link(string oldPath, string newPath) => LinkNative(oldPath, newPath);

    public static int Unlink(string path) => UnlinkNative(path);

    public static int Mkdir(string path) => MkdirNative(path, Convert.ToUInt32("755", 8));

    public static int Rmdir(string path) => RmdirNative(path);

    /// <summary>lstat (or stat when <paramref name="followLinks"/>) of <paramref name="path"/>; returns errno, 0 on success.</summary>
    public static int Stat(string path, bool followLinks, out HostStat stat) =>
        Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, out stat);

    /// <summary>fstat of an open file; returns errno, 0 on success.</summary>
    public static int Stat(SafeHandle handle, out HostStat stat)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, out stat);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // struct statx has one layout on every Linux architecture (256 bytes), unlike struct stat, which is why
    // it is used here: stx_mode at 28, stx_size at 40, stx_mtime {s64 sec; u32 nsec} at 112.
    private static unsafe int Statx(int dirFd, string path, int flags, out HostStat stat)
    {
        const uint basicStats = 0x7ff;
        var buffer = stackalloc byte[256];
        if (StatxNative(dirFd, path, flags, basicStats, buffer) != 0)
        {
            stat = default;
            return LastError;
        }

        var mode = *(ushort*)(buffer + 28);
        var size = *(long*)(buffer + 40);
        var seconds = *(long*)(buffer + 112);
        var nanoseconds = *(uint*)(buffer + 120);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => HostEntryKind.RegularFile,
            0x4000 => HostEntryKind.Directory,
            0xA000 => HostEntryKind.SymbolicLink,
            _ => HostEntryKind.Other,
        };
        var time = DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / TimeSpan.NanosecondsPerTick));
        stat = new HostStat(kind, size, time);
        return 0;
    }

    /// <summary>The canonical path with every symbolic link resolved, or null (errno set) when a component is missing or not a directory.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>Flushes a directory's entries to disk, so a rename into it survives a crash. Returns errno, 0 on success.</summary>
    public static int FsyncDirectory(string path)
    {
        var fd = OpenNative(path, ORdOnly | OCloExec, 0);
        if (fd < 0)
        {
            return LastError;
        }

        var result = FsyncNative(fd) == 0 ? 0 : LastError;
        CloseNative(fd);
        return result;
    }
}

/// <summary>What a host directory entry is, as lstat/stat report it.</summary>
internal enum HostEntryKind
{
    RegularFile,
    Directory,
    SymbolicLink,
    Other,
}

/// <summary>The parts of a host stat the store uses; the modification time is UTC, truncated to 100 ns.</summary>
internal readonly record struct HostStat(HostEntryKind Kind, long Size, DateTime LastWriteTimeUtc);
