using ActorFs.Node.Storage;

namespace ActorFs.Node.Accounts;

/// <summary>The steps of a <see cref="DurableFile.Write"/>, in order; a fault-injection callback runs after each.</summary>
internal enum DurableWriteStep
{
    /// <summary>The temporary file exists, empty.</summary>
    TempCreated,

    /// <summary>Half the bytes are in the temporary file (a torn write).</summary>
    TempHalfWritten,

    /// <summary>All the bytes are in the temporary file, perhaps only in the page cache.</summary>
    TempWritten,

    /// <summary>The temporary file is flushed to disk (fsync) and closed.</summary>
    TempFlushed,

    /// <summary>The temporary file has been renamed over the target.</summary>
    Renamed,

    /// <summary>The folder's entries are flushed to disk, so the rename survives a power loss.</summary>
    FolderSynced,
}

/// <summary>
/// One small file replaced atomically and durably: write a temporary file in the same folder, fsync it, rename
/// it over the target, fsync the folder. A reader therefore sees the complete old or the complete new content,
/// whatever step a crash interrupts; temporary files a crash leaves behind are deleted by the next
/// <see cref="Read"/>. Not thread-safe: one owner (an actor, or the offline command) at a time, which the
/// store's lock file guarantees across processes.
/// </summary>
internal sealed class DurableFile
{
    private const string TempMarker = ".tmp-";
    private readonly Action<DurableWriteStep>? _afterStep;

    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="afterStep">Called after each step of a write; tests throw from it to simulate a crash there.</param>
    public DurableFile(string path, Action<DurableWriteStep>? afterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Folder = System.IO.Path.GetDirectoryName(Path)!;
        _afterStep = afterStep;
    }

    public string Path { get; }

    public string Folder { get; }

    /// <summary>The file's bytes, or null when it does not exist; deletes temporary files an interrupted write left.</summary>
    public byte[]? Read()
    {
        DeleteLeftovers();
        try
        {
            return File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file's content with <paramref name="content"/>, atomically and durably.</summary>
    public void Write(ReadOnlySpan<byte> content)
    {
        var temp = Path + TempMarker + Guid.NewGuid().ToString("N");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                Step(DurableWriteStep.TempCreated);
                var half = content.Length / 2;
                stream.Write(content[..half]);
                Step(DurableWriteStep.TempHalfWritten);
                stream.Write(content[half..]);
                Step(DurableWriteStep.TempWritten);
                stream.Flush(flushToDisk: true);
            }

            Step(DurableWriteStep.TempFlushed);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw;
        }

        Step(DurableWriteStep.Renamed);
        SyncFolder(Folder);
        Step(DurableWriteStep.FolderSynced);
    }

    /// <summary>
    /// fsync of the folder, so the rename is on disk; where a platform or file system cannot (Windows, some
    /// network and FUSE file systems), the rename is still atomic, only its durability rests on the OS.
    /// </summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var errno = LibC.FsyncDirectory(folder);
        if (errno is not (0 or Errno.EINVAL or Errno.EOPNOTSUPP or Errno.EACCES or Errno.EPERM or Errno.EBADF))
        {
            throw new IOException($"Could not flush the folder {folder} to disk (errno {errno}).");
        }
    }

    private void DeleteLeftovers()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(Folder, System.IO.Path.GetFileName(Path) + TempMarker + "*"))
        {
            TryDelete(leftover);
        }
    }

    private void Step(DurableWriteStep step) => _afterStep?.Invoke(step);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover that cannot go now is retried by the next read; it never shadows the real file.
        }
    }

    private static class Errno
    {
        public const int EPERM = 1;
        public const int EBADF = 9;
        public const int EACCES = 13;
        public const int EINVAL = 22;
        public const int EOPNOTSUPP = 95;
    }
}
