namespace ActorFs.Node.Storage;

/// <summary>
/// Builds <see cref="StorageException"/>s with consistent messages, and turns host failures (errno values,
/// .NET IO exceptions whose messages contain host paths) into ones that name the virtual path only.
/// </summary>
internal static class StorageErrors
{
    // Linux errno values (asm-generic; identical on x86-64 and arm64).
    internal const int ENOENT = 2;
    internal const int EACCES = 13;
    internal const int EPERM = 1;
    internal const int EEXIST = 17;
    internal const int EXDEV = 18;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int ENAMETOOLONG = 36;
    internal const int ENOSYS = 38;
    internal const int ENOTEMPTY = 39;
    internal const int ELOOP = 40;
    internal const int EDQUOT = 122;

    public static StorageException NotFound(VirtualPath path) =>
        new(StorageErrorKind.NotFound, $"No such file or directory: {path}", path.Value);

    public static StorageException AlreadyExists(VirtualPath path) =>
        new(StorageErrorKind.AlreadyExists, $"Already exists: {path}", path.Value);

    public static StorageException NotEmpty(VirtualPath path) =>
        new(StorageErrorKind.NotEmpty, $"Directory not empty: {path}", path.Value);

    public static StorageException NotADirectory(VirtualPath path) =>
        new(StorageErrorKind.NotADirectory, $"Not a directory: {path}", path.Value);

    public static StorageException NotAFile(VirtualPath path) =>
        new(StorageErrorKind.NotAFile, $"Not a regular file: {path}", path.Value);

    public static StorageException OutsideRoot(VirtualPath path) =>
        new(StorageErrorKind.OutsideRoot, $"Path leads outside the root: {path}", path.Value);

    public static StorageException Reserved(VirtualPath path) =>
        new(StorageErrorKind.Reserved, $"Name reserved by the node: {path}", path.Value);

    public static StorageException InvalidPath(string reason, string? path = null) =>
        new(StorageErrorKind.InvalidPath, path is null ? $"Invalid path: {reason}" : $"Invalid path {path}: {reason}", path);

    public static StorageException InsufficientStorage(VirtualPath path, long needed, long available) =>
        new(StorageErrorKind.InsufficientStorage, $"Insufficient storage for {path}: {needed} bytes needed, {available} available", path.Value);

    public static StorageException QuotaExceeded(VirtualPath path, string reason) =>
        new(StorageErrorKind.InsufficientStorage, $"Cannot store {path}: {reason}", path.Value);

    /// <summary>Maps an errno from a native call on <paramref name="path"/> to a storage error.</summary>
    public static StorageException FromErrno(int errno, VirtualPath path, string operation) => errno switch
    {
        ENOENT => NotFound(path),
        EEXIST => AlreadyExists(path),
        ENOTEMPTY => NotEmpty(path),
        ENOTDIR => NotADirectory(path),
        EISDIR => NotAFile(path),
        ELOOP => OutsideRoot(path),
        EACCES or EPERM => new(StorageErrorKind.PermissionDenied, $"Permission denied: {path}", path.Value),
        ENOSPC or EDQUOT => new(StorageErrorKind.InsufficientStorage, $"Insufficient storage: {path}", path.Value),
        ENAMETOOLONG => InvalidPath("name too long", path.Value),
        _ => new(StorageErrorKind.IoError, $"{operation} failed for {path} (errno {errno})", path.Value),
    };

    /// <summary>
    /// Maps a .NET exception raised while working on <paramref name="path"/>. The original exception is
    /// kept as the inner exception for the node's logs; the message never carries its host path.
    /// </summary>
    public static StorageException FromException(Exception exception, VirtualPath path, string operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is StorageException storage)
        {
            return storage;
        }

        StorageException mapped = exception switch
        {
            FileNotFoundException or DirectoryNotFoundException => NotFound(path),
            UnauthorizedAccessException => new(StorageErrorKind.PermissionDenied, $"Permission denied: {path}", path.Value),
            PathTooLongException => InvalidPath("name too long", path.Value),
            IOException io when io.HResult is > 0 and < 4096 => FromErrno(io.HResult, path, operation),
            _ => new(StorageErrorKind.IoError, $"{operation} failed for {path}", path.Value),
        };
        return new StorageException(mapped.Kind, mapped.Message, mapped.VirtualPath, exception);
    }
}
