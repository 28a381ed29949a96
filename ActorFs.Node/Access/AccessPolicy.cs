using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

/// <summary>
/// The one rule deciding what a principal may do with a path (docs/ARCHITECTURE.md, "Accounts and access"):
/// admins and owners have everything; otherwise the nearest grant naming the user decides, inherited until a
/// nearer one overrides it; failing that, a path is readable when the nearest public flag says public or when
/// no user owns it. Anonymous sessions get what the node's anonymous setting says.
/// </summary>
internal static class AccessPolicy
{
    public static AccessLevel LevelOf(AccessView view, Principal principal, VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(path);
        if (principal.IsAnonymous)
        {
            return view.Anonymous switch
            {
                AnonymousAccess.Full => AccessLevel.Owner,
                AnonymousAccess.ReadOnly => ReadableWithoutGrant(view, path) ? AccessLevel.Read : AccessLevel.None,
                _ => AccessLevel.None,
            };
        }

        // An account deleted or disabled after its session signed in keeps nothing.
        if (view.FindUser(principal.User) is not { Disabled: false } user) return AccessLevel.None;
        if (user.Admin || view.OwnerOf(path) == user.Name) return AccessLevel.Owner;

        var floor = ReadableWithoutGrant(view, path) ? AccessLevel.Read : AccessLevel.None;
        foreach (var (_, entry) in view.EntriesAbove(path))
        {
            if (entry.Grants.TryGetValue(user.Name, out var granted)) return granted > floor ? granted : floor;
        }
        return floor;
    }

    /// <summary>Whether the path is public: the nearest entry with a public flag says so.</summary>
    public static bool IsPublic(AccessView view, VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var (_, entry) in view.EntriesAbove(path))
        {
            if (entry.Public is { } flag) return flag;
        }
        return false;
    }

    // Homes are private: a folder under /home that outlived its account stays closed rather than becoming the node's.
    private static bool ReadableWithoutGrant(AccessView view, VirtualPath path) =>
        IsPublic(view, path) || (view.OwnerOf(path) is null && !AccessView.IsUnderHomes(path));
}
