using ActorFs.Node.Access;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>Which protocol a session speaks: legacy until a valid v2 <c>hello</c>.</summary>
internal enum ProtocolMode
{
    Legacy,
    V2,
}

/// <summary>The per-session state that commands read and change. Owned by one Session actor.</summary>
internal sealed class SessionState(string sessionId, string remoteAddress = "unknown")
{
    public string SessionId { get; } = sessionId;

    /// <summary>The client's address (without port), for sign-in bans and logs.</summary>
    public string RemoteAddress { get; } = remoteAddress;

    /// <summary>Who the session acts for; anonymous until <c>auth</c> succeeds.</summary>
    public Principal Principal { get; set; } = Principal.Anonymous;

    public VirtualPath WorkingDirectory { get; set; } = VirtualPath.Root;

    public ProtocolMode Mode { get; set; } = ProtocolMode.Legacy;
}

/// <summary>
/// What a transfer will do, decided by the command that asked for it. For a download, Size, Sha256 and
/// LastWriteTimeUtc describe the whole file; for an upload, Size and Sha256 are what the client declared
/// (a legacy put declares neither up front: the size is then unknown and the digest comes with the handshake).
/// <paramref name="User"/> is who asked (null: anonymous); <paramref name="QuotaOwner"/> is whose quota an
/// upload spends (the owner of the target), null when no quota applies. Access was checked when the plan was
/// made: the transfer does not check it again.
/// </summary>
internal sealed record TransferPlan(
    TransferDirection Direction,
    VirtualPath Path,
    long? Size,
    string? Sha256,
    long Offset,
    bool Overwrite,
    ProtocolMode Protocol,
    long? RequestId,
    DateTime? LastWriteTimeUtc,
    string? User = null,
    string? QuotaOwner = null,
    PartialWrite? Partial = null);

/// <summary>
/// An upload that changes part of an existing file instead of replacing it: appended to its end, or written over
/// the range from <paramref name="At"/> (growing the file if it runs past the end). All or nothing, like a put.
/// </summary>
internal sealed record PartialWrite(bool Append, long At)
{
    public static PartialWrite AtEnd(long currentLength) => new(true, currentLength);

    public static PartialWrite Range(long at) => new(false, at);
}

/// <summary>What the session tells the client once the transfer is ready: where to connect, with which token.</summary>
internal sealed record TransferTicket(string TransferId, string Token, string? Host, int Port, TimeSpan ExpiresIn);

/// <summary>What the session actor must do after one request frame.</summary>
internal abstract record CommandOutcome
{
    private CommandOutcome() { }

    /// <summary>Write these bytes, in one write, as the reply.</summary>
    public sealed record Reply(ReadOnlyMemory<byte> Bytes) : CommandOutcome;

    /// <summary>Write the reply, then end the session (bye).</summary>
    public sealed record ReplyAndClose(ReadOnlyMemory<byte> Bytes) : CommandOutcome;

    /// <summary>
    /// Start a transfer: the session creates its Transfer actor, obtains a token, then writes
    /// <see cref="BuildReply"/>'s bytes; if it cannot (e.g. too many transfers, shutting down), it writes
    /// <see cref="BuildRefusal"/>'s bytes for the given status instead.
    /// </summary>
    public sealed record StartTransfer(
        TransferPlan Plan,
        Func<TransferTicket, ReadOnlyMemory<byte>> BuildReply,
        Func<TransferRefusal, ReadOnlyMemory<byte>> BuildRefusal) : CommandOutcome;
}

/// <summary>Why a session could not start a transfer it was asked for.</summary>
internal enum TransferRefusal
{
    TooManyTransfers,
    ShuttingDown,
    Internal,
}
