namespace ActorFs.Actors.Configuration;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="Path"/> is the path looked up in the merged tree (for an
/// included file it is prefixed with the include's location, as the spec asks); <see cref="WrittenPath"/>
/// is what the text said and is the name used for the environment fallback.
/// </summary>
internal sealed class HoconSubstitution(HoconPath path, HoconPath writtenPath, bool isOptional, ConfigOrigin origin)
    : HoconValue(origin)
{
    public HoconPath Path { get; } = path;

    public HoconPath WrittenPath { get; } = writtenPath;

    public bool IsOptional { get; } = isOptional;

    public override bool IsResolved => false;

    internal override string KindName => "substitution";

    public override string ToString() => (IsOptional ? "${?" : "${") + WrittenPath + "}";
}
