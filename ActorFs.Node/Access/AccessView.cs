using System.Collections.Frozen;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

/// <summary>What the access rules need to know of an account: its limits and flags, never its secrets.</summary>
internal sealed record UserView(string Name, bool Admin, bool Disabled, long? QuotaBytes, long? MaxFiles)
{
    public VirtualPath Home => AccessView.HomeOf(Name);
}

/// <summary>The grants and public flag set on one path; inherited by everything below until a nearer entry says otherwise.</summary>
internal sealed record AccessEntry(IReadOnlyDictionary<string, AccessLevel> Grants, bool? Public)
{
    public static AccessEntry Empty { get; } = new(FrozenDictionary<string, AccessLevel>.Empty, null);

    public bool IsEmpty => Grants.Count == 0 && Public is null;

    /// <summary>Whether the path is shared at all: a grant to someone, or public.</summary>
    public bool IsShared => Grants.Count > 0 || Public == true;
}

/// <summary>
/// An immutable snapshot of the accounts and access entries, published by the accounts actor after each
/// change and read without locks by every session: a permission check is a few dictionary lookups, with no
/// message and no wait. A path under <c>/home/NAME</c> is owned by NAME while that account exists; any other
/// path is owned by no one (the node's own area: readable by signed-in users, writable by admins).
/// </summary>
internal sealed class AccessView
{
    public const string HomeFolder = "home";

    private readonly FrozenDictionary<string, UserView> _users;
    private readonly FrozenDictionary<string, AccessEntry> _entries;

    public AccessView(IEnumerable<UserView> users, IReadOnlyDictionary<string, AccessEntry> entries, AnonymousAccess configuredAnonymous)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(entries);
        _users = users.ToFrozenDictionary(u => u.Name, StringComparer.Ordinal);
        _entries = entries.Where(e => !e.Value.IsEmpty).ToFrozenDictionary(StringComparer.Ordinal);
        ConfiguredAnonymous = configuredAnonymous;
    }

    /// <summary>Whether <paramref name="path"/> lies inside some home folder (below <c>/home/NAME</c>, or that folder itself).</summary>
    public static bool IsUnderHomes(VirtualPath path) => path.Segments.Count >= 2 && path.Segments[0] == HomeFolder;

    public static VirtualPath HomeOf(string user) => VirtualPath.Parse("/" + HomeFolder + "/" + user);

    /// <summary>A node with no accounts: anonymous sessions get what <paramref name="anonymous"/> says (auto: full).</summary>
    public static AccessView WithoutAccounts(AnonymousAccess anonymous = AnonymousAccess.Auto) =>
        new([], FrozenDictionary<string, AccessEntry>.Empty, anonymous);

    public AnonymousAccess ConfiguredAnonymous { get; }

    /// <summary>What anonymous sessions get now: <see cref="AnonymousAccess.Auto"/> resolved against whether any account exists.</summary>
    public AnonymousAccess Anonymous => ConfiguredAnonymous == AnonymousAccess.Auto
        ? (_users.Count == 0 ? AnonymousAccess.Full : AnonymousAccess.None)
        : ConfiguredAnonymous;

    public bool HasAccounts => _users.Count > 0;

    public IEnumerable<UserView> Users => _users.Values;

    public IReadOnlyDictionary<string, AccessEntry> Entries => _entries;

    public UserView? FindUser(string? name) => name is not null && _users.TryGetValue(name, out var user) ? user : null;

    /// <summary>The user who owns <paramref name="path"/>, or null for the node's own area.</summary>
    public string? OwnerOf(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Segments;
        return segments.Count >= 2 && segments[0] == HomeFolder && _users.ContainsKey(segments[1]) ? segments[1] : null;
    }

    /// <summary>The entry set exactly on <paramref name="path"/>, or <see cref="AccessEntry.Empty"/>.</summary>
    public AccessEntry EntryAt(VirtualPath path) => _entries.GetValueOrDefault(path.Value, AccessEntry.Empty);

    /// <summary>Whether any entry lies at or below <paramref name="path"/> (so a move or delete must carry them along).</summary>
    public bool HasEntriesAtOrBelow(VirtualPath path)
    {
        if (_entries.Count == 0) return false;
        if (path.IsRoot) return true;
        var prefix = path.Value + "/";
        foreach (var key in _entries.Keys)
        {
            if (key == path.Value || key.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>From <paramref name="path"/> up to the root, the entries found on the way (nearest first).</summary>
    public IEnumerable<(VirtualPath Path, AccessEntry Entry)> EntriesAbove(VirtualPath path)
    {
        if (_entries.Count == 0) yield break;
        for (var current = path; ; current = current.Parent)
        {
            if (_entries.TryGetValue(current.Value, out var entry)) yield return (current, entry);
            if (current.IsRoot) yield break;
        }
    }
}
