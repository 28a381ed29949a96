using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;
using static ActorFs.Messages.V2;

namespace ActorFs.Node.Commands;

/// <summary>v2 get and put: checks, then a <see cref="CommandOutcome.StartTransfer"/> whose reply embeds the session's ticket.</summary>
internal sealed partial class V2Commands
{
    private async ValueTask<CommandOutcome> GetAsync(Requests.Get r, CancellationToken cancellationToken)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        var entry = await ConsistentDigest.ReadAsync(store, path, cancellationToken).ConfigureAwait(false);
        if (r.Offset > entry.Size)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.BadRequest, $"The offset is beyond the end of the file ({entry.Size} bytes).", "offset"));
        }

        var digest = entry.Sha256!;
        var modified = ListingPager.ToOffset(entry.LastWriteTimeUtc);
        var plan = new TransferPlan(
            TransferDirection.Download, path, entry.Size, digest, r.Offset, Overwrite: false,
            ProtocolMode.V2, r.Id, entry.LastWriteTimeUtc, state.Principal.User);
        return new CommandOutcome.StartTransfer(
            plan,
            ticket => V2ServerMessageEncoder.Encode(new Replies.Get(
                r.Id, ticket.TransferId, path.Value, entry.Size, modified, digest, r.Offset,
                ticket.Token, ticket.Host, ticket.Port, ExpiresInSeconds(ticket))),
            refusal => Refusal(r, refusal));
    }

    private CommandOutcome Put(Requests.Put r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        if (RootConfinement.IsInternal(path) || path.IsRoot)
        {
            throw path.IsRoot ? StorageErrors.NotAFile(path) : StorageErrors.Reserved(path);
        }

        var existing = TryStat(path);
        if (existing is not null)
        {
            if (existing.Kind == FileKind.Directory)
            {
                throw StorageErrors.NotAFile(path);
            }

            if (!r.Overwrite)
            {
                throw StorageErrors.AlreadyExists(path);
            }
        }

        if (store.Stat(path.Parent).Kind != FileKind.Directory)
        {
            throw StorageErrors.NotADirectory(path.Parent);
        }

        var plan = new TransferPlan(
            TransferDirection.Upload, path, r.Size, r.Sha256?.ToLowerInvariant(), Offset: 0, r.Overwrite,
            ProtocolMode.V2, r.Id, LastWriteTimeUtc: null, state.Principal.User);
        var offset = 0L;
        if (r.Resume && store.FindKeptUpload(UploadIntents.For(plan, plan.Sha256)) is { } kept)
        {
            // One transfer at a time per kept upload; the interrupted one may not have ended yet (its failed event
            // says when it has).
            if (kept.InUse)
            {
                return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.Conflict, $"An upload of {path.Value} with this size and sha256 is still in progress; try again when it ends."));
            }

            offset = kept.Length;
        }

        var quotaOwner = new UploadAdmission(store, access).Admit(path, r.Size - (existing?.Size ?? 0), newFile: existing is null, resumedBytes: offset);
        var free = store.FreeSpace();
        if (r.Size - offset > free)
        {
            throw StorageErrors.InsufficientStorage(path, r.Size - offset, free);
        }

        plan = plan with { Offset = offset, QuotaOwner = quotaOwner };
        return new CommandOutcome.StartTransfer(
            plan,
            ticket => V2ServerMessageEncoder.Encode(new Replies.Put(
                r.Id, ticket.TransferId, path.Value, r.Size, offset, ticket.Token, ticket.Host, ticket.Port, ExpiresInSeconds(ticket))),
            refusal => Refusal(r, refusal));
    }

    private FileEntry? TryStat(VirtualPath path)
    {
        try
        {
            return store.Stat(path);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.NotFound)
        {
            return null;
        }
    }

    private static int ExpiresInSeconds(TransferTicket ticket) =>
        (int)Math.Clamp(Math.Ceiling(ticket.ExpiresIn.TotalSeconds), 0, int.MaxValue);

    private static ReadOnlyMemory<byte> Refusal(Request r, TransferRefusal refusal) => V2ServerMessageEncoder.Encode(refusal switch
    {
        TransferRefusal.TooManyTransfers => ErrorReply.Of(r.Id, r.Command, ErrorCode.TooManyRequests, "Too many transfers are running for this session; try again when one ends."),
        TransferRefusal.ShuttingDown => ErrorReply.Of(r.Id, r.Command, ErrorCode.ShuttingDown, "The node is shutting down."),
        _ => ErrorReply.Of(r.Id, r.Command, ErrorCode.Internal, "The node could not start the transfer."),
    });
}

/// <summary>
/// Turns an upload plan into the intent the store stages it under: the one place, so the put command (looking
/// for a kept upload) and the Transfer (beginning or resuming one) always agree on the resumable key.
/// </summary>
internal static class UploadIntents
{
    /// <summary>
    /// The owner is the signed-in user who uploads (null: anonymous), so users never resume each other's uploads.
    /// A partial write is never kept for a resume (it carries no digest in its intent, which makes it unresumable):
    /// its bytes are a change to a file, not a file.
    /// </summary>
    public static UploadIntent For(TransferPlan plan, string? declaredSha256) =>
        new(plan.Path, Owner: plan.User, DeclaredSize: plan.Size, DeclaredSha256: plan.Partial is null ? declaredSha256?.ToLowerInvariant() : null);
}
