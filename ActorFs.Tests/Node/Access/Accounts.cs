using ActorFs.Node.Access;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Access;

/// <summary>Short builders for the access views the specs need: users, grants and public flags.</summary>
internal static class Accounts
{
    public static UserView User(string name, bool admin = false, bool disabled = false, long? quotaBytes = null, long? maxFiles = null) =>
        new(name, admin, disabled, quotaBytes, maxFiles);

    public static AccessEntry Entry(bool? isPublic, params (string User, AccessLevel Level)[] grants) =>
        new(grants.ToDictionary(g => g.User, g => g.Level, StringComparer.Ordinal), isPublic);

    public static AccessEntry Grants(params (string User, AccessLevel Level)[] grants) => Entry(null, grants);

    public static AccessView View(IEnumerable<UserView> users, IReadOnlyDictionary<string, AccessEntry>? entries = null, AnonymousAccess anonymous = AnonymousAccess.Auto) =>
        new(users, entries ?? new Dictionary<string, AccessEntry>(), anonymous);

    /// <summary>"anonymous" or an account name.</summary>
    public static Principal As(string who) => who == "anonymous" ? Principal.Anonymous : new Principal(who);

    public static VirtualPath P(string path) => VirtualPath.Parse(path);
}
