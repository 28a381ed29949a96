using ActorFs.Actors;
using ActorFs.Node.Accounts;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

/// <summary>
/// A session's view of the node's files: every call checks the session principal's access first, through
/// <see cref="AccessPolicy"/>, so commands on both protocols are checked in one place. Reading needs read on
/// the path; creating or deleting an entry needs write on its folder; replacing a file needs write on the file.
/// Finishing an upload is not checked again: the transfer carries the decision made when it was issued.
/// </summary>
internal sealed class GuardedFileStore(IFileStore inner, NodeAccess access, Func<Principal> principal) : DelegatingFileStore(inner)
{
    /// <summary>A guard over <paramref name="views"/> alone, with no accounts actor to tell of moves (tests, tools).</summary>
    public GuardedFileStore(IFileStore inner, AccessViewSource views, Func<Principal> principal)
        : this(inner, new NodeAccess(views, new Quotas.QuotaLedger(), ActorRefs.Nobody), principal)
    {
    }

    private AccessViewSource Views => access.Views;

    public AccessLevel LevelOf(VirtualPath path) => AccessPolicy.LevelOf(Views.Current, principal(), path);

    public Principal Principal => principal();

    /// <summary>Throws a permission refusal unless the principal has at least <paramref name="needed"/> on <paramref name="path"/>.</summary>
    public void Require(VirtualPath path, AccessLevel needed)
    {
        ArgumentNullException.ThrowIfNull(path);
        var who = principal();
        var has = AccessPolicy.LevelOf(Views.Current, who, path);
        if (has < needed) throw AccessDenied.For(who, path, needed, has);
    }

    public override FileEntry Stat(VirtualPath path)
    {
        Require(path, AccessLevel.Read);
        return Inner.Stat(path);
    }

    public override DirectoryPage List(VirtualPath directory, PageRequest page)
    {
        Require(directory, AccessLevel.Read);
        return Inner.List(directory, page);
    }

    public override void CreateDirectory(VirtualPath path)
    {
        Require(path.Parent, AccessLevel.Write);
        Inner.CreateDirectory(path);
    }

    public override void DeleteFile(VirtualPath path)
    {
        Require(path.Parent, AccessLevel.Write);
        Inner.DeleteFile(path);
        Forget(path);
    }

    public override void RemoveDirectory(VirtualPath path)
    {
        Require(path.Parent, AccessLevel.Write);
        Inner.RemoveDirectory(path);
        Forget(path);
    }

    public override void Move(VirtualPath source, VirtualPath target, bool overwrite)
    {
        // Write on the entry itself too: a folder someone may only read cannot be carried off by a move.
        Require(source.Parent, AccessLevel.Write);
        Require(source, AccessLevel.Write);
        Require(target.Parent, AccessLevel.Write);
        Inner.Move(source, target, overwrite);
        if (overwrite) Forget(target);
        if (Views.Current.HasEntriesAtOrBelow(source))
        {
            access.Accounts.Tell(new AccountsActor.PathMoved(source.Value, target.Value), ActorRefs.NoSender);
        }
    }

    public override OpenedFile OpenRead(VirtualPath path)
    {
        Require(path, AccessLevel.Read);
        return Inner.OpenRead(path);
    }

    public override ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default)
    {
        Require(path, AccessLevel.Read);
        return Inner.GetSha256Async(path, cancellationToken);
    }

    public override IStagedUpload BeginUpload(UploadIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        RequireWritable(intent.Target);
        return Inner.BeginUpload(intent);
    }

    /// <summary>Creating a file needs write on its folder; replacing or changing an existing one needs write on the file itself.</summary>
    public void RequireWritable(VirtualPath file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var who = principal();
        var view = Views.Current;
        // Whether the file exists decides which level counts, but the refusal must read the same either way,
        // or it would tell someone who may not list the folder what is in it.
        // (A grant on the file itself is no leak: whoever holds it was told of the file.)
        var onFile = AccessPolicy.LevelOf(view, who, file);
        if (onFile >= AccessLevel.Write && Exists(file)) return;
        var readsFolder = AccessPolicy.LevelOf(view, who, file.Parent) >= AccessLevel.Read;
        var deciding = readsFolder && Exists(file) ? onFile : AccessPolicy.LevelOf(view, who, file.Parent);
        if (deciding < AccessLevel.Write)
        {
            throw AccessDenied.For(who, file, AccessLevel.Write, onFile);
        }
    }

    // Grants and public flags belong to the entry: a new entry later created under the same name starts clean.
    private void Forget(VirtualPath path)
    {
        if (Views.Current.HasEntriesAtOrBelow(path))
        {
            access.Accounts.Tell(new AccountsActor.PathRemoved(path.Value), ActorRefs.NoSender);
        }
    }

    private bool Exists(VirtualPath path)
    {
        try
        {
            Inner.Stat(path);
            return true;
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.NotFound or StorageErrorKind.NotADirectory)
        {
            return false;
        }
    }
}
