namespace ActorFs.Node.Quotas;

/// <summary>What a user's files take: bytes and count.</summary>
internal readonly record struct Usage(long Bytes, long Files)
{
    public static Usage operator +(Usage a, Usage b) => new(a.Bytes + b.Bytes, a.Files + b.Files);

    public static Usage operator -(Usage a, Usage b) => new(a.Bytes - b.Bytes, a.Files - b.Files);

    public Usage Add(Usage other) => this + other;

    public Usage Subtract(Usage other) => this - other;
}

/// <summary>A user's limits; null means unlimited.</summary>
internal readonly record struct QuotaLimits(long? Bytes, long? Files)
{
    public static QuotaLimits Unlimited => default;

    public bool IsUnlimited => Bytes is null && Files is null;
}
