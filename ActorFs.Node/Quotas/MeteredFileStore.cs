using ActorFs.Node.Access;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Quotas;

/// <summary>
/// The node's store with its owners' running totals kept up to date: every commit, delete and move between
/// owners charges the <see cref="QuotaLedger"/> by what changed. Paths no user owns are not counted.
/// </summary>
internal sealed class MeteredFileStore(IFileStore inner, AccessViewSource views, QuotaLedger ledger) : DelegatingFileStore(inner)
{
    public QuotaLedger Ledger => ledger;

    public override void DeleteFile(VirtualPath path)
    {
        var owner = views.Current.OwnerOf(path);
        var freed = owner is null ? default : TreeUsage.Measure(Inner, path);
        Inner.DeleteFile(path);
        if (owner is not null) ledger.Charge(owner, default(Usage) - freed);
    }

    public override void Move(VirtualPath source, VirtualPath target, bool overwrite)
    {
        var view = views.Current;
        var from = view.OwnerOf(source);
        var to = view.OwnerOf(target);
        if (from == to && !overwrite)
        {
            Inner.Move(source, target, overwrite);
            return;
        }

        var moved = from == to ? default : TreeUsage.Measure(Inner, source);
        var replaced = overwrite && to is not null ? TreeUsage.Measure(Inner, target) : default;
        Inner.Move(source, target, overwrite);
        if (from is not null) ledger.Charge(from, default(Usage) - moved);
        if (to is not null) ledger.Charge(to, moved - replaced);
    }

    public override FileEntry CommitAppend(IStagedUpload upload, VirtualPath target) =>
        ChargeGrowth(target, () => Inner.CommitAppend(upload, target));

    public override FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset) =>
        ChargeGrowth(target, () => Inner.CommitWriteAt(upload, target, offset));

    private FileEntry ChargeGrowth(VirtualPath target, Func<FileEntry> apply)
    {
        var owner = views.Current.OwnerOf(target);
        var before = owner is null ? 0 : TreeUsage.Measure(Inner, target).Bytes;
        var entry = apply();
        if (owner is not null) ledger.Charge(owner, new Usage(entry.Size - before, 0));
        return entry;
    }

    public override FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var owner = views.Current.OwnerOf(upload.Intent.Target);
        var replaced = owner is not null && overwrite ? TreeUsage.Measure(Inner, upload.Intent.Target) : default;
        var entry = Inner.CommitUpload(upload, overwrite, sha256);
        if (owner is not null) ledger.Charge(owner, new Usage(entry.Size, 1) - replaced);
        return entry;
    }
}
