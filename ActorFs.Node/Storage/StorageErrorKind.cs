namespace ActorFs.Node.Storage;

/// <summary>
/// Why a storage operation failed, stable across releases: the node maps each kind to a legacy
/// status message ("No such directory", "File already exists", ...) and to a protocol v2 status code.
/// </summary>
internal enum StorageErrorKind
{
    /// <summary>The path does not exist, or names the node's internal folder (which is hidden). v2: 404.</summary>
    NotFound,

    /// <summary>The target name already exists. v2: 409.</summary>
    AlreadyExists,

    /// <summary>The directory still holds entries. v2: 409.</summary>
    NotEmpty,

    /// <summary>A directory was required (or a parent component is a file). v2: 404 (legacy "No such directory").</summary>
    NotADirectory,

    /// <summary>A regular file was required. v2: 404 (legacy "No such file").</summary>
    NotAFile,

    /// <summary>The path is malformed: empty, control characters, too long, or an impossible operation such as moving a directory into itself. v2: 400.</summary>
    InvalidPath,

    /// <summary>The path resolves outside the root, for example through a symbolic link. v2: 403.</summary>
    OutsideRoot,

    /// <summary>The name is reserved for the node's own use (its internal folder) and cannot be created. v2: 403.</summary>
    Reserved,

    /// <summary>The host refused access to an entry inside the root (file permissions). v2: 403.</summary>
    PermissionDenied,

    /// <summary>An anonymous session asked for something only signed-in users may do. v2: 401.</summary>
    SignInRequired,

    /// <summary>Not enough free space (or host quota) for the operation. v2: 507.</summary>
    InsufficientStorage,

    /// <summary>Any other input/output failure. v2: 500.</summary>
    IoError,
}
