using System.Collections.Immutable;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Access records: grants and public flags set on paths. A record that loses its last grant and its flag is
/// removed, so only paths with something set have one. Paths are kept as their normalised virtual text.
/// </summary>
internal sealed partial class AccountsDocument
{
    /// <summary>What is set exactly on <paramref name="path"/>; <see cref="AccessRecord.Empty"/> when nothing is.</summary>
    public AccessRecord AccessAt(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Access.GetValueOrDefault(path.Value, AccessRecord.Empty);
    }

    /// <summary>Grants <paramref name="user"/> (an existing account) <paramref name="level"/> on <paramref name="path"/> and below, replacing an earlier grant there.</summary>
    public AccountsDocument SetGrant(VirtualPath path, string user, GrantLevel level)
    {
        CheckAccessPath(path);
        GetUser(user);
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "not a grant level");
        }

        var record = AccessAt(path);
        return With(access: Put(Access, path.Value, record with { Grants = record.Grants.SetItem(user, level) }));
    }

    /// <summary>Removes the grant naming <paramref name="user"/> on exactly <paramref name="path"/>; none there changes nothing.</summary>
    public AccountsDocument RemoveGrant(VirtualPath path, string user)
    {
        ArgumentNullException.ThrowIfNull(path);
        var record = AccessAt(path);
        return record.Grants.ContainsKey(user) ? With(access: Put(Access, path.Value, record with { Grants = record.Grants.Remove(user) })) : this;
    }

    /// <summary>Sets the public flag on <paramref name="path"/>: true or false override the flags above; null removes the flag here.</summary>
    public AccountsDocument SetPublic(VirtualPath path, bool? isPublic)
    {
        CheckAccessPath(path);
        var record = AccessAt(path);
        return record.Public == isPublic ? this : With(access: Put(Access, path.Value, record with { Public = isPublic }));
    }

    /// <summary>
    /// Carries the records at and below <paramref name="from"/> to the same places under <paramref name="to"/>
    /// (after a rename), first dropping any records at and below <paramref name="to"/> (what the rename replaced).
    /// </summary>
    public AccountsDocument MoveAccess(VirtualPath from, VirtualPath to)
    {
        ArgumentNullException.ThrowIfNull(from);
        CheckAccessPath(to);
        if (from == to)
        {
            return this;
        }

        if (from.IsRoot || to.IsRoot || to.IsSameOrUnder(from))
        {
            throw new ArgumentException($"Cannot carry access records from {from} to {to}.", nameof(to));
        }

        var moving = Access.Where(e => IsSameOrUnder(e.Key, from.Value)).ToList();
        var access = Without(Without(Access, to.Value), from.Value);
        foreach (var (path, record) in moving)
        {
            access = access.SetItem(to.Value + path[from.Value.Length..], record);
        }

        return With(access: access);
    }

    /// <summary>Drops every record at and below <paramref name="path"/> (after a delete).</summary>
    public AccountsDocument RemoveAccessAtOrBelow(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return With(access: Without(Access, path.Value));
    }

    private static ImmutableSortedDictionary<string, AccessRecord> Put(ImmutableSortedDictionary<string, AccessRecord> access, string path, AccessRecord record) =>
        record.IsEmpty ? access.Remove(path) : access.SetItem(path, record);

    private static ImmutableSortedDictionary<string, AccessRecord> Without(ImmutableSortedDictionary<string, AccessRecord> access, string path)
    {
        var doomed = access.Keys.Where(key => IsSameOrUnder(key, path)).ToList();
        return doomed.Count == 0 ? access : access.RemoveRange(doomed);
    }

    /// <summary>Segment-wise: <c>/data2</c> is not under <c>/data</c>; everything is under <c>/</c>.</summary>
    private static bool IsSameOrUnder(string path, string ancestor) =>
        ancestor == "/" || path == ancestor || (path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal));

    private static void CheckAccessPath(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (RootConfinement.IsInternal(path))
        {
            throw new AccountException(AccountError.InvalidValue, "Nothing can be shared inside the node's internal folder.");
        }
    }

    /// <summary>The stored text of a path read from disk, or null unless it is exactly its own normal form and addressable.</summary>
    private static string? ParseAccessPath(string text) =>
        VirtualPath.TryResolve(VirtualPath.Root, text, out var path, out _) && path.Value == text && !RootConfinement.IsInternal(path) ? text : null;
}
