namespace ActorFs.Node.Access;

/// <summary>What a user may do with a path, each level including the ones below it.</summary>
internal enum AccessLevel
{
    /// <summary>Nothing: the path is not even visible to stat.</summary>
    None = 0,

    /// <summary>List, stat, hash and download.</summary>
    Read = 1,

    /// <summary>Also create, replace, append to and delete inside.</summary>
    Write = 2,

    /// <summary>Also grant and revoke other users' access, and mark the path public.</summary>
    Manage = 3,

    /// <summary>The owner (or an admin): everything.</summary>
    Owner = 4,
}

/// <summary>The wire and configuration names of <see cref="AccessLevel"/>.</summary>
internal static class AccessLevels
{
    public static string ToWire(this AccessLevel level) => level switch
    {
        AccessLevel.Read => "read",
        AccessLevel.Write => "write",
        AccessLevel.Manage => "manage",
        AccessLevel.Owner => "owner",
        _ => "none",
    };

    /// <summary>The level a grant may carry (read, write, manage); null for anything else.</summary>
    public static AccessLevel? ParseGrant(string? text) => text switch
    {
        "read" => AccessLevel.Read,
        "write" => AccessLevel.Write,
        "manage" => AccessLevel.Manage,
        _ => null,
    };
}
