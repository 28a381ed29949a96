namespace ActorFs.Node.Access;

/// <summary>What sessions that have not signed in may do (<c>actorfs.node.anonymous</c>).</summary>
internal enum AnonymousAccess
{
    /// <summary><see cref="Full"/> while the node has no account, <see cref="None"/> once it has one.</summary>
    Auto,

    /// <summary>Everything, as an admin: the single-user node, and the legacy contract.</summary>
    Full,

    /// <summary>Read what a signed-in user without grants can read: paths no user owns, and public paths.</summary>
    ReadOnly,

    /// <summary>Nothing but hello, help, auth, whoami and bye.</summary>
    None,
}

internal static class AnonymousAccessModes
{
    public static AnonymousAccess? Parse(string text) => text switch
    {
        "auto" => AnonymousAccess.Auto,
        "full" => AnonymousAccess.Full,
        "read-only" => AnonymousAccess.ReadOnly,
        "none" => AnonymousAccess.None,
        _ => null,
    };

    public static string ToWire(this AnonymousAccess mode) => mode switch
    {
        AnonymousAccess.Full => "full",
        AnonymousAccess.ReadOnly => "read-only",
        AnonymousAccess.None => "none",
        _ => "auto",
    };
}
