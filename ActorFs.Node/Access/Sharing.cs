using ActorFs.Messages;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

/// <summary>How ownership and sharing show on the wire: ls and stat entries, and the share/unshare/public replies.</summary>
internal static class Sharing
{
    /// <summary>Adds owner and shared to an entry when the node has accounts; a single-user node's entries stay as they were.</summary>
    public static V2.Entry Describe(AccessView view, VirtualPath path, V2.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(entry);
        if (!view.HasAccounts && view.Entries.Count == 0) return entry;
        return entry with { Owner = view.OwnerOf(path), Shared = view.EntryAt(path).IsShared };
    }

    /// <summary>The grants set on exactly <paramref name="path"/>, by user name.</summary>
    public static IReadOnlyList<V2.Grant> GrantsAt(AccessView view, VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(view);
        return [.. view.EntryAt(path).Grants.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new V2.Grant(g.Key, ToWire(g.Value)))];
    }

    public static V2.GrantLevel ToWire(AccessLevel level) => level switch
    {
        AccessLevel.Read => V2.GrantLevel.Read,
        AccessLevel.Write => V2.GrantLevel.Write,
        _ => V2.GrantLevel.Manage,
    };

    public static AccessLevel FromWire(V2.GrantLevel level) => level switch
    {
        V2.GrantLevel.Read => AccessLevel.Read,
        V2.GrantLevel.Write => AccessLevel.Write,
        _ => AccessLevel.Manage,
    };
}
