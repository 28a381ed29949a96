namespace ActorFs.Node.Storage;

/// <summary>Tuning and fallbacks of a <see cref="LocalFileStore"/>; the defaults suit production.</summary>
internal sealed record LocalFileStoreOptions
{
    /// <summary>How many digests the in-memory cache holds.</summary>
    public int DigestCacheCapacity { get; init; } = 4096;

    /// <summary>False forces the link-then-unlink fallback of no-replace renames (old kernels; tests of the fallback).</summary>
    public bool UseRenameat2 { get; init; } = true;

    /// <summary>False forces re-resolving the path instead of reading <c>/proc/self/fd</c> after an open (hosts without /proc; tests).</summary>
    public bool UseProcFd { get; init; } = true;
}
