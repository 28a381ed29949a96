namespace ActorFs.Actors.Configuration;

internal enum HoconIncludeKind
{
    /// <summary><c>include "name"</c>: treated as a file relative to the including file.</summary>
    Heuristic,
    File,
    Url,
    Classpath,
}

/// <summary>What an <c>include</c> statement asked for.</summary>
internal sealed record HoconIncludeSpec(HoconIncludeKind Kind, string Name, bool IsRequired);
