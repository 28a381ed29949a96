namespace ActorFs.Actors.Configuration;

/// <summary>
/// Successive definitions of one field that cannot be merged before substitutions are resolved
/// (an object over a substitution, a self-referential value over an earlier one). Layers go from the earliest
/// (lowest priority) to the latest. A substitution inside layer i that refers to the field itself sees the
/// merge of layers 0..i-1, which is how <c>path = ${path}":/opt"</c> works.
/// </summary>
internal sealed class HoconDelayedMerge(IReadOnlyList<HoconValue> layers, ConfigOrigin origin) : HoconValue(origin)
{
    public IReadOnlyList<HoconValue> Layers { get; } = layers;

    public override bool IsResolved => false;

    internal override string KindName => "merge";
}
