namespace ActorFs.Node.Accounts;

/// <summary>
/// The exclusive lock on the account store, <c>ROOT/.actorfs/accounts/lock</c>: held by a running node for its
/// whole life and by an offline <c>actorfs-node user</c> command while it runs, so the two never write the
/// store at once. It is the lock file held open with <see cref="FileShare.None"/>, which .NET maps to
/// flock(LOCK_EX | LOCK_NB) on Unix: released by the kernel when the holder exits or crashes, so a stale lock
/// cannot outlive its process. The file itself is never deleted (deleting it would let two holders lock two
/// different files of the same name).
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = "lock";

    private readonly FileStream _stream;

    private StoreLock(FileStream stream, string path)
    {
        _stream = stream;
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Takes the lock of the accounts folder <paramref name="folder"/> (created if absent), or returns null when someone holds it.</summary>
    /// <exception cref="IOException">The lock file cannot be created or opened for another reason than being held.</exception>
    public static StoreLock? TryAcquire(string folder)
    {
        AccountStore.EnsureFolder(folder);
        var path = Path.Join(Path.GetFullPath(folder), FileName);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new StoreLock(new FileStream(path, options), path);
        }
        catch (IOException) when (File.Exists(path) && IsHeld(path))
        {
            return null;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();

    // A sharing violation and other IO failures are one exception type; telling them apart by HResult is
    // platform-specific, so ask again in a way that only a held lock refuses.
    private static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
