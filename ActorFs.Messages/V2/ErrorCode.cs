namespace ActorFs.Messages;

/// <summary>Stable machine error codes of protocol v2; each has one snake_case wire name and one status.</summary>
public enum ErrorCode
{
    /// <summary>A code this library does not know (sent by a newer node); read the status and the message.</summary>
    Unrecognized = 0,

    /// <summary><c>bad_request</c> (400): malformed JSON, a missing field, a wrong type or value.</summary>
    BadRequest,

    /// <summary><c>unknown_command</c> (400): a command this node does not implement (reserved ones included).</summary>
    UnknownCommand,

    /// <summary><c>unsupported_protocol</c> (400): hello asked for a protocol version this node does not speak.</summary>
    UnsupportedProtocol,

    /// <summary><c>unauthorized</c> (401).</summary>
    Unauthorized,

    /// <summary><c>forbidden</c> (403): not permitted, or a path outside the root.</summary>
    Forbidden,

    /// <summary><c>not_found</c> (404).</summary>
    NotFound,

    /// <summary><c>timeout</c> (408).</summary>
    Timeout,

    /// <summary><c>exists</c> (409): the target name is taken.</summary>
    Exists,

    /// <summary><c>not_empty</c> (409): rmdir of a directory with entries.</summary>
    NotEmpty,

    /// <summary><c>not_a_directory</c> (409): cd/ls/rmdir of a file, or a path through a file.</summary>
    NotADirectory,

    /// <summary><c>is_a_directory</c> (409): get/rm/sha256 of a directory.</summary>
    IsADirectory,

    /// <summary><c>conflict</c> (409): any other state conflict (e.g. a resume whose file changed).</summary>
    Conflict,

    /// <summary><c>gone</c> (410): a token expired or already used.</summary>
    Gone,

    /// <summary><c>too_large</c> (413): a frame over the limit, or a declared size the node will not take.</summary>
    TooLarge,

    /// <summary><c>checksum_mismatch</c> (422).</summary>
    ChecksumMismatch,

    /// <summary><c>too_many_requests</c> (429).</summary>
    TooManyRequests,

    /// <summary><c>internal</c> (500).</summary>
    Internal,

    /// <summary><c>shutting_down</c> (503).</summary>
    ShuttingDown,

    /// <summary><c>unavailable</c> (503): a node or catalog needed for the request is down.</summary>
    Unavailable,

    /// <summary><c>insufficient_storage</c> (507): out of disk space or quota.</summary>
    InsufficientStorage,
}

/// <summary>The catalog mapping each <see cref="ErrorCode"/> to its wire name and its status.</summary>
public static class ErrorCodes
{
    private static readonly (ErrorCode Code, string Wire, StatusCode Status)[] Catalog =
    [
        (ErrorCode.BadRequest, "bad_request", StatusCode.BadRequest),
        (ErrorCode.UnknownCommand, "unknown_command", StatusCode.BadRequest),
        (ErrorCode.UnsupportedProtocol, "unsupported_protocol", StatusCode.BadRequest),
        (ErrorCode.Unauthorized, "unauthorized", StatusCode.Unauthorized),
        (ErrorCode.Forbidden, "forbidden", StatusCode.Forbidden),
        (ErrorCode.NotFound, "not_found", StatusCode.NotFound),
        (ErrorCode.Timeout, "timeout", StatusCode.Timeout),
        (ErrorCode.Exists, "exists", StatusCode.Conflict),
        (ErrorCode.NotEmpty, "not_empty", StatusCode.Conflict),
        (ErrorCode.NotADirectory, "not_a_directory", StatusCode.Conflict),
        (ErrorCode.IsADirectory, "is_a_directory", StatusCode.Conflict),
        (ErrorCode.Conflict, "conflict", StatusCode.Conflict),
        (ErrorCode.Gone, "gone", StatusCode.Gone),
        (ErrorCode.TooLarge, "too_large", StatusCode.TooLarge),
        (ErrorCode.ChecksumMismatch, "checksum_mismatch", StatusCode.ChecksumMismatch),
        (ErrorCode.TooManyRequests, "too_many_requests", StatusCode.TooManyRequests),
        (ErrorCode.Internal, "internal", StatusCode.Internal),
        (ErrorCode.ShuttingDown, "shutting_down", StatusCode.Unavailable),
        (ErrorCode.Unavailable, "unavailable", StatusCode.Unavailable),
        (ErrorCode.InsufficientStorage, "insufficient_storage", StatusCode.InsufficientStorage),
    ];

    /// <summary>Every known code (not <see cref="ErrorCode.Unrecognized"/>).</summary>
    public static IEnumerable<ErrorCode> All => Catalog.Select(e => e.Code);

    /// <summary>The snake_case wire name; <c>"unrecognized"</c> for <see cref="ErrorCode.Unrecognized"/>.</summary>
    public static string ToWire(this ErrorCode code)
    {
        foreach (var entry in Catalog)
        {
            if (entry.Code == code)
            {
                return entry.Wire;
            }
        }

        return "unrecognized";
    }

    /// <summary>The status every reply with this code carries; 500 for <see cref="ErrorCode.Unrecognized"/>.</summary>
    public static StatusCode Status(this ErrorCode code)
    {
        foreach (var entry in Catalog)
        {
            if (entry.Code == code)
            {
                return entry.Status;
            }
        }

        return StatusCode.Internal;
    }

    /// <summary>The code for a wire name; <see cref="ErrorCode.Unrecognized"/> for names this library does not know.</summary>
    public static ErrorCode FromWire(string? wire)
    {
        foreach (var entry in Catalog)
        {
            if (string.Equals(entry.Wire, wire, StringComparison.Ordinal))
            {
                return entry.Code;
            }
        }

        return ErrorCode.Unrecognized;
    }
}
