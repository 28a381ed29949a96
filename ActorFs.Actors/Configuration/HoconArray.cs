namespace ActorFs.Actors.Configuration;

/// <summary>An ordered list of values.</summary>
public sealed class HoconArray : HoconValue
{
    private bool? _isResolved;

    internal HoconArray(IReadOnlyList<HoconValue> items, ConfigOrigin origin)
        : base(origin) => Items = items;

    public IReadOnlyList<HoconValue> Items { get; }

    public override bool IsResolved => _isResolved ??= Items.All(item => item.IsResolved);

    internal override string KindName => "array";
}
