using ActorFs.Messages;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// The v2 events a Session pushes about one of its transfers (docs/PROTOCOL.md section 4.7), encoded from the
/// transfer's plan and ticket. Legacy clients get no events: every method returns null for a legacy plan, so
/// the caller can call it for every transfer and write only what it gets.
/// </summary>
internal static class TransferEvents
{
    /// <summary><c>progress</c>: <paramref name="bytes"/> of the file moved, counted from byte 0.</summary>
    public static byte[]? Progress(TransferPlan plan, TransferTicket ticket, long bytes) =>
        Encode(plan, ticket, (id, transfer) => new V2.Events.Progress(id, transfer, bytes, plan.Size ?? bytes));

    /// <summary><c>verified</c>: the transfer ended with <paramref name="bytes"/> bytes whose SHA-256 is <paramref name="sha256"/>.</summary>
    public static byte[]? Verified(TransferPlan plan, TransferTicket ticket, long bytes, string sha256) =>
        Encode(plan, ticket, (id, transfer) => new V2.Events.Verified(id, transfer, plan.Path.Value, bytes, sha256));

    /// <summary><c>failed</c>, with the code's status and a short sentence (no host paths, no tokens).</summary>
    public static byte[]? Failed(TransferPlan plan, TransferTicket ticket, ErrorCode error, string message) =>
        Encode(plan, ticket, (id, transfer) => new V2.Events.Failed(id, transfer, error.Status(), error, message));

    /// <summary><c>failed</c> for a storage failure, mapped as for replies.</summary>
    public static byte[]? Failed(TransferPlan plan, TransferTicket ticket, StorageException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = StorageErrorMapping.ToErrorCode(exception.Kind);
        return Failed(plan, ticket, code, code == ErrorCode.Internal ? "The transfer failed in the node." : exception.Message);
    }

    private static byte[]? Encode(TransferPlan plan, TransferTicket ticket, Func<long, string, V2.TransferEvent> build)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ticket);
        return plan.Protocol == ProtocolMode.V2 && plan.RequestId is { } id
            ? V2ServerMessageEncoder.Encode(build(id, ticket.TransferId))
            : null;
    }
}
