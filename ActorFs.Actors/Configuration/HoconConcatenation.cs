namespace ActorFs.Actors.Configuration;

/// <summary>
/// Several values written next to each other on one line (<c>${a} "b" c</c>, <c>${list} [3]</c>), joined when
/// resolved: strings into one string, arrays into one array, objects merged.
/// </summary>
internal sealed class HoconConcatenation(IReadOnlyList<HoconValue> parts, ConfigOrigin origin) : HoconValue(origin)
{
    public IReadOnlyList<HoconValue> Parts { get; } = parts;

    public override bool IsResolved => false;

    internal override string KindName => "concatenation";
}
