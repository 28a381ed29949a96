using System.Runtime.InteropServices;

namespace ActorFs.Node.Storage;

/// <summary>The identity (device and inode) of a file, which the partial-write journal records to find the very file it changed.</summary>
internal static partial class LibC
{
    /// <summary>The identity of an open file; returns errno, 0 on success.</summary>
    public static int Identity(SafeHandle handle, out FileIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return StatxIdentity((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, out identity);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The identity of the entry at <paramref name="path"/>, a final symbolic link not followed; returns errno, 0 on success.</summary>
    public static int Identity(string path, out FileIdentity identity) => StatxIdentity(AtFdCwd, path, AtSymlinkNoFollow, out identity);

    // struct statx: stx_mask (u32) at 0, stx_ino (u64) at 32, stx_btime {s64 sec; u32 nsec} at 80,
    // stx_dev_major and stx_dev_minor (u32 each) at 136 and 140.
    private static unsafe int StatxIdentity(int dirFd, string path, int flags, out FileIdentity identity)
    {
        const uint basicStatsAndBirthTime = 0xfff;
        const uint birthTimeBit = 0x800;
        var buffer = stackalloc byte[256];
        if (StatxNative(dirFd, path, flags, basicStatsAndBirthTime, buffer) != 0)
        {
            identity = default;
            return LastError;
        }

        var inode = *(ulong*)(buffer + 32);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        var born = (*(uint*)buffer & birthTimeBit) != 0 ? (*(long*)(buffer + 80) * 1_000_000_000L) + *(uint*)(buffer + 88) : 0;
        identity = new FileIdentity(device, inode, born);
        return 0;
    }
}

/// <summary>
/// A file's device (major in the high 32 bits, minor in the low), inode and birth time in nanoseconds since the epoch
/// (0 where the filesystem keeps none): the same for every name of one file, and, through the birth time, different
/// for a new file that reuses a deleted one's inode.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, long BornNanoseconds);
