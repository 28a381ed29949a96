using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;
using static ActorFs.Messages.V2;

namespace ActorFs.Node.Commands;

/// <summary>
/// v2 append and write: a transfer like put whose bytes change part of an existing file, all or nothing
/// (the store journals the change, docs/RELIABILITY.md). Permissions and quotas apply as for put; only the
/// growth of the file counts against the quota.
/// </summary>
internal sealed partial class V2Commands
{
    private CommandOutcome Append(Requests.Append r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        var file = ExistingFile(path);
        return StartPartialWrite(r, path, r.Size, r.Sha256, PartialWrite.AtEnd(file.Size), addedBytes: r.Size,
            ticket => new Replies.Append(r.Id, ticket.TransferId, path.Value, r.Size, file.Size, ticket.Token, ticket.Host, ticket.Port, ExpiresInSeconds(ticket)));
    }

    private CommandOutcome Write(Requests.Write r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        var file = ExistingFile(path);
        if (r.Offset > file.Size)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.BadRequest, $"The offset is beyond the end of the file ({file.Size} bytes); write at most at the end.", "offset"));
        }

        var growth = Math.Max(0, r.Offset + r.Size - file.Size);
        return StartPartialWrite(r, path, r.Size, r.Sha256, PartialWrite.Range(r.Offset), addedBytes: growth,
            ticket => new Replies.Write(r.Id, ticket.TransferId, path.Value, r.Size, r.Offset, ticket.Token, ticket.Host, ticket.Port, ExpiresInSeconds(ticket)));
    }

    private CommandOutcome.StartTransfer StartPartialWrite(
        Request r, VirtualPath path, long size, string? sha256, PartialWrite partial, long addedBytes, Func<TransferTicket, ServerMessage> reply)
    {
        var quotaOwner = new UploadAdmission(store, access).Admit(path, addedBytes, newFile: false);
        var free = store.FreeSpace();
        if (size > free)
        {
            throw StorageErrors.InsufficientStorage(path, size, free);
        }

        var plan = new TransferPlan(
            TransferDirection.Upload, path, size, sha256?.ToLowerInvariant(), Offset: 0, Overwrite: false,
            ProtocolMode.V2, r.Id, LastWriteTimeUtc: null, state.Principal.User, quotaOwner, partial);
        return new CommandOutcome.StartTransfer(plan, ticket => V2ServerMessageEncoder.Encode(reply(ticket)), refusal => Refusal(r, refusal));
    }

    private FileEntry ExistingFile(VirtualPath path)
    {
        if (RootConfinement.IsInternal(path) || path.IsRoot)
        {
            throw path.IsRoot ? StorageErrors.NotAFile(path) : StorageErrors.Reserved(path);
        }

        var entry = store.Stat(path);
        return entry.Kind == FileKind.File ? entry : throw StorageErrors.NotAFile(path);
    }
}
