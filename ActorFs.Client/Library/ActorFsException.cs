// The errors the client library raises: a node's refusal (ActorFsException with the reply's status
// and code), a connection or TLS failure (ActorFsConnectionException, with the certificate outcome
// when the node's certificate was refused), and a failed integrity check (ActorFsIntegrityException).
using ActorFs.Messages;
using ActorFs.Messages.Tls;

namespace ActorFs.Client;

/// <summary>A command failed: the node refused it, or a local precondition (a file exists) did not hold.</summary>
public class ActorFsException : Exception
{
    /// <summary>Creates an error with no status (a local failure).</summary>
    public ActorFsException()
        : this(StatusCode.None, ErrorCode.Unrecognized, "The command failed.")
    {
    }

    /// <summary>Creates an error with no status (a local failure).</summary>
    public ActorFsException(string message)
        : this(StatusCode.None, ErrorCode.Unrecognized, message)
    {
    }

    /// <summary>Creates an error with no status (a local failure) caused by <paramref name="inner"/>.</summary>
    public ActorFsException(string message, Exception? inner)
        : this(StatusCode.None, ErrorCode.Unrecognized, message, null, inner)
    {
    }

    /// <summary>Creates an error for a node's (or a local) refusal.</summary>
    public ActorFsException(StatusCode statusCode, ErrorCode errorCode, string message, string? field = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Field = field;
    }

    /// <summary>The v2 status (404, 409, ...), or <see cref="StatusCode.None"/> for a failure on this side.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The machine code (<see cref="ErrorCode.Unrecognized"/> when the node sent one this client does not know, or none).</summary>
    public ErrorCode ErrorCode { get; }

    /// <summary>The request field a 400 is about, if the node named one.</summary>
    public string? Field { get; }

    /// <summary>True when the failure is on this side (a local file exists or is missing, no local space), not the node's answer.</summary>
    public bool IsLocal { get; private init; }

    /// <summary>True when the node answered with an error status (as opposed to a local or connection failure).</summary>
    public bool IsRemoteRefusal => !IsLocal && (int)StatusCode >= 400 && this is not ActorFsConnectionException and not ActorFsIntegrityException;

    internal static ActorFsException LocalError(StatusCode statusCode, ErrorCode errorCode, string message, Exception? inner = null) =>
        new(statusCode, errorCode, message, null, inner) { IsLocal = true };

    internal static ActorFsException From(V2.ErrorReply reply) => reply.Error == ErrorCode.ChecksumMismatch
        ? new ActorFsIntegrityException(reply.Message)
        : new ActorFsException(reply.Status, reply.Error, reply.Message.Length > 0 ? reply.Message : $"The node answered {(int)reply.Status}.", reply.Field);
}

/// <summary>The node could not be reached, the connection broke, or its certificate was refused.</summary>
public sealed class ActorFsConnectionException : ActorFsException
{
    /// <summary>Creates a connection error.</summary>
    public ActorFsConnectionException()
        : this("The connection to the node failed.")
    {
    }

    /// <summary>Creates a connection error.</summary>
    public ActorFsConnectionException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates a connection error caused by <paramref name="inner"/>.</summary>
    public ActorFsConnectionException(string message, Exception? inner)
        : base(StatusCode.None, ErrorCode.Unavailable, message, null, inner)
    {
    }

    /// <summary>Creates the error for a refused certificate.</summary>
    public ActorFsConnectionException(string message, ServerCertificateValidation? certificate, Exception? inner)
        : base(StatusCode.None, ErrorCode.Unavailable, message, null, inner)
    {
        Certificate = certificate;
    }

    /// <summary>
    /// When the TLS handshake failed because the policy refused the node's certificate: the outcome,
    /// with the presented fingerprint (for trust on first use, or to explain a changed certificate).
    /// </summary>
    public ServerCertificateValidation? Certificate { get; }

    /// <summary>True when the node's certificate was refused by the policy.</summary>
    public bool CertificateRefused => Certificate is { Accepted: false };
}

/// <summary>The bytes did not have the expected SHA-256 (a download, or an upload the node refused with 422).</summary>
public sealed class ActorFsIntegrityException : ActorFsException
{
    /// <summary>Creates an integrity error.</summary>
    public ActorFsIntegrityException()
        : this("The SHA-256 of the transferred bytes does not match.")
    {
    }

    /// <summary>Creates an integrity error.</summary>
    public ActorFsIntegrityException(string message)
        : base(StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, message)
    {
    }

    /// <summary>Creates an integrity error caused by <paramref name="inner"/>.</summary>
    public ActorFsIntegrityException(string message, Exception? inner)
        : base(StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, message, null, inner)
    {
    }
}
