using System.Net.Sockets;
using ActorFs.Messages;

namespace ActorFs.Node.Transfers;

/// <summary>The transfer connection, handed from the transfer port's handshake actor to the Transfer its token names.</summary>
internal sealed record TransferConnection(Stream Stream, Socket Socket, ReadOnlyMemory<byte> Leftover, string Remote, string? DeclaredSha256, bool V2);

/// <summary>What a Transfer tells its session.</summary>
internal abstract record TransferReport(string TransferId)
{
    public sealed record Progress(string TransferId, long Bytes, long? Total) : TransferReport(TransferId);

    /// <summary>Done: for an upload, the file is in place under its final name with this digest.</summary>
    public sealed record Verified(string TransferId, string Path, long Bytes, string Sha256) : TransferReport(TransferId);

    /// <summary>Ended without success; for an upload nothing appeared under the final name.</summary>
    public sealed record Failed(string TransferId, StatusCode Status, ErrorCode Error, string Message) : TransferReport(TransferId);
}

/// <summary>Cancels a transfer (session ending, shutdown past its grace).</summary>
internal sealed record CancelTransfer(StatusCode Status, ErrorCode Error, string Reason);
