using ActorFs.Node.Access;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// The checks every upload-like command (put on both protocols, and later append and ranged writes) makes
/// before a transfer starts: the principal may write the file, and its owner's quota has room for the declared
/// bytes (counting what is in flight, and crediting the bytes a replaced file frees).
/// </summary>
internal sealed class UploadAdmission(GuardedFileStore store, NodeAccess access)
{
    /// <summary>Checks, and returns whose quota the upload spends (null: no user owns the target).</summary>
    /// <param name="path">The file written.</param>
    /// <param name="addedBytes">Bytes the file grows by (the declared size, less what a replaced file held); null when unknown until the bytes arrive.</param>
    /// <param name="newFile">Whether the upload creates a file (counted against the file limit).</param>
    /// <param name="resumedBytes">Bytes of this upload the node already keeps from an interrupted attempt.</param>
    public string? Admit(VirtualPath path, long? addedBytes, bool newFile, long resumedBytes = 0)
    {
        store.RequireWritable(path);
        var owner = access.Views.Current.OwnerOf(path);
        if (owner is null) return null;
        // Interrupted uploads the owner keeps for resuming hold disk too; the one being resumed is about to become this file.
        var kept = owner == store.Principal.User ? store.KeptBytesByOwner().GetValueOrDefault(owner) - resumedBytes : 0;
        var needed = Math.Max(0, (addedBytes ?? 0) + Math.Max(0, kept));
        var check = access.Ledger.CheckNewBytes(owner, access.LimitsOf(owner), needed, newFile ? 1 : 0);
        if (!check.Ok) throw StorageErrors.QuotaExceeded(path, check.Reason!);
        return owner;
    }
}
