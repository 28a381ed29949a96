namespace ActorFs.Node.Storage;

/// <summary>
/// A storage failure with a stable <see cref="StorageErrorKind"/>. Its message names virtual paths only,
/// never host paths, so it can be shown to clients as is.
/// </summary>
internal sealed class StorageException : Exception
{
    public StorageException(StorageErrorKind kind, string message, string? virtualPath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        VirtualPath = virtualPath;
    }

    public StorageException()
        : this(StorageErrorKind.IoError, "Storage error")
    {
    }

    public StorageException(string message)
        : this(StorageErrorKind.IoError, message)
    {
    }

    public StorageException(string message, Exception innerException)
        : this(StorageErrorKind.IoError, message, null, innerException)
    {
    }

    /// <summary>What went wrong, for mapping to protocol status codes.</summary>
    public StorageErrorKind Kind { get; }

    /// <summary>The virtual path the failure is about, when there is one.</summary>
    public string? VirtualPath { get; }
}
