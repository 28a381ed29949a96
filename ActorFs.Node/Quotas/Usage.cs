namespace ActorFs.Node.Quotas;

/// <summary>What a user's files take: bytes and count.</summary>
internal readonly record struct Usage(long Bytes, long Files)
{
    public static Usage Zero => default;

    public static Usage operator +(Usage a, Usage b) => new(a.Bytes + b.Bytes, a.Files + b.Files);

    public static Usage operator -(Usage a, Usage b) => new(a.Bytes - b.Bytes, a.Files - b.Files);

    public static Usage Add(Usage left, Usage right) => left + right;

    public static Usage Subtract(Usage left, Usage right) => left - right;
}

/// <summary>A user's limits; null means unlimited.</summary>
internal readonly record struct QuotaLimits(long? Bytes, long? Files)
{
    public static QuotaLimits Unlimited => default;

    public bool IsUnlimited => Bytes is null && Files is null;
}
