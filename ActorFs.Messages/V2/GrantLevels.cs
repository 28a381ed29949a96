using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>Wire names of <see cref="GrantLevel"/>: <c>read</c>, <c>write</c>, <c>manage</c>.</summary>
public static class GrantLevels
{
    /// <summary>The wire name.</summary>
    public static string ToWire(this GrantLevel level) => level switch
    {
        GrantLevel.Read => "read",
        GrantLevel.Write => "write",
        GrantLevel.Manage => "manage",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a grant level."),
    };

    /// <summary>The level for a wire name (exact, lower-case); null for anything else.</summary>
    public static GrantLevel? FromWire(string? wire) => wire switch
    {
        "read" => GrantLevel.Read,
        "write" => GrantLevel.Write,
        "manage" => GrantLevel.Manage,
        _ => null,
    };
}
