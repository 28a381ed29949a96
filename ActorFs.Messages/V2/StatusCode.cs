namespace ActorFs.Messages;

/// <summary>Protocol v2 status codes, HTTP-shaped (DESIGN.md section 5). The numeric value is what the wire carries.</summary>
public enum StatusCode
{
    /// <summary>Not a status; the default value of the enum.</summary>
    None = 0,

    /// <summary>Done.</summary>
    Ok = 200,

    /// <summary>Something new exists (mkdir, a verified upload).</summary>
    Created = 201,

    /// <summary>A transfer is ready: connect to the transfer port with the token.</summary>
    Accepted = 202,

    /// <summary>Malformed JSON, a wrong type, a missing field, an unknown command.</summary>
    BadRequest = 400,

    /// <summary>Not signed in, or the sign-in failed.</summary>
    Unauthorized = 401,

    /// <summary>Not permitted, or a path outside the root.</summary>
    Forbidden = 403,

    /// <summary>No such file or directory.</summary>
    NotFound = 404,

    /// <summary>A peer or a transfer took too long.</summary>
    Timeout = 408,

    /// <summary>Exists, not empty, not a directory, is a directory.</summary>
    Conflict = 409,

    /// <summary>A token expired or was already used.</summary>
    Gone = 410,

    /// <summary>A frame over the limit, or a file larger than the space it may take.</summary>
    TooLarge = 413,

    /// <summary>The bytes received do not have the declared SHA-256.</summary>
    ChecksumMismatch = 422,

    /// <summary>Slow down.</summary>
    TooManyRequests = 429,

    /// <summary>A fault in the node.</summary>
    Internal = 500,

    /// <summary>The node is shutting down, or a needed node or catalog is unavailable.</summary>
    Unavailable = 503,

    /// <summary>Out of disk space or quota.</summary>
    InsufficientStorage = 507,
}
