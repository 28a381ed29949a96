namespace ActorFs.Actors.Configuration;

/// <summary>
/// A node of a HOCON tree. A resolved tree (what <see cref="Config.Root"/> holds) contains only
/// <see cref="HoconObject"/>, <see cref="HoconArray"/> and <see cref="HoconScalar"/>; an unresolved
/// <see cref="HoconDocument"/> may also hold substitutions, concatenations and pending merges, which are internal.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(ConfigOrigin origin) => Origin = origin;

    /// <summary>Where this value was set.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>True when the value and everything under it are free of substitutions.</summary>
    public abstract bool IsResolved { get; }

    /// <summary>A short name of the value's kind for error messages ("object", "array", "string", ...).</summary>
    internal abstract string KindName { get; }
}
