using ActorFs.Messages;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// The one mapping from <see cref="StorageErrorKind"/> to what a client sees: a legacy status text (which
/// depends on the command, since the legacy protocol has one failure text per command) and a v2 error code
/// (whose status follows from the code). Messages are the store's, which name virtual paths only.
/// </summary>
internal static class StorageErrorMapping
{
    /// <summary>The v2 error code for a storage failure.</summary>
    public static ErrorCode ToErrorCode(StorageErrorKind kind) => kind switch
    {
        StorageErrorKind.NotFound => ErrorCode.NotFound,
        StorageErrorKind.AlreadyExists => ErrorCode.Exists,
        StorageErrorKind.NotEmpty => ErrorCode.NotEmpty,
        StorageErrorKind.NotADirectory => ErrorCode.NotADirectory,
        StorageErrorKind.NotAFile => ErrorCode.IsADirectory,
        StorageErrorKind.InvalidPath => ErrorCode.BadRequest,
        StorageErrorKind.OutsideRoot or StorageErrorKind.Reserved or StorageErrorKind.PermissionDenied => ErrorCode.Forbidden,
        StorageErrorKind.InsufficientStorage => ErrorCode.InsufficientStorage,
        StorageErrorKind.SignInRequired => ErrorCode.Unauthorized,
        _ => ErrorCode.Internal,
    };

    /// <summary>The v2 error reply for a storage failure during request <paramref name="id"/>.</summary>
    public static V2.ErrorReply ToErrorReply(StorageException exception, long id, string command)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = ToErrorCode(exception.Kind);
        return V2.ErrorReply.Of(id, command, code, code == ErrorCode.Internal ? InternalMessage(exception) : exception.Message);
    }

    /// <summary>
    /// The legacy status text for a storage failure of <paramref name="command"/>. Invalid paths (NUL, too
    /// long) and reserved names are a wrong argument; every other failure is the command's "not there" text.
    /// </summary>
    public static string ToLegacyMessage(string command, StorageErrorKind kind) => (command, kind) switch
    {
        (_, StorageErrorKind.InvalidPath or StorageErrorKind.Reserved) => Legacy.StatusMessages.InvalidCommandOrArguments,
        (Legacy.Commands.Mkdir, StorageErrorKind.AlreadyExists) => Legacy.StatusMessages.DirectoryAlreadyExists,
        (Legacy.Commands.Put, StorageErrorKind.AlreadyExists) => Legacy.StatusMessages.FileAlreadyExists,
        (Legacy.Commands.Get, _) => Legacy.StatusMessages.NoSuchFile,
        _ => Legacy.StatusMessages.NoSuchDirectory,
    };

    // An I/O fault's message is still virtual-path only, but its details (errno) say nothing useful to a user.
    private static string InternalMessage(StorageException exception) =>
        exception.VirtualPath is { } path ? $"The node could not complete the operation on {path}." : "The node could not complete the operation.";
}
