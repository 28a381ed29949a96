namespace ActorFs.Client;

/// <summary>Options for <see cref="ActorFsClient.DownloadAsync"/> and <see cref="ActorFsClient.UploadAsync"/>.</summary>
public sealed record TransferOptions
{
    /// <summary>The defaults: no overwrite, no progress.</summary>
    public static TransferOptions Default { get; } = new();

    /// <summary>Replace an existing target (the local file for a download, the remote one for an upload).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Receives progress a few times a second, and once at the end.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }

    /// <summary>The least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>How far a transfer has come.</summary>
/// <param name="RemotePath">The remote file.</param>
/// <param name="Bytes">Bytes done, counted from the start of the file.</param>
/// <param name="Total">The file's size.</param>
/// <param name="Elapsed">Time since the transfer started.</param>
public readonly record struct TransferProgress(string RemotePath, long Bytes, long Total, TimeSpan Elapsed)
{
    /// <summary>The average rate so far.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / Elapsed.TotalSeconds : 0;

    /// <summary>The estimated time left, or null before the rate is known.</summary>
    public TimeSpan? Remaining => BytesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Bytes) / BytesPerSecond) : null;
}

/// <summary>A completed, verified transfer.</summary>
/// <param name="RemotePath">The remote file (as the node names it).</param>
/// <param name="LocalPath">The local file (full path).</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Sha256">The verified SHA-256, lowercase hex.</param>
/// <param name="Elapsed">How long it took, from the request to the verified end.</param>
public sealed record TransferResult(string RemotePath, string LocalPath, long Bytes, string Sha256, TimeSpan Elapsed);

/// <summary>What the node said in its <c>hello</c> reply.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Server">The server's name and version.</param>
/// <param name="Protocol">The protocol version (2).</param>
/// <param name="MaxFrameBytes">The largest request the node reads.</param>
/// <param name="Features">Optional capabilities (<c>resume</c>, later <c>auth</c>, ...).</param>
public sealed record NodeInfo(string Node, string Server, int Protocol, int MaxFrameBytes, IReadOnlyList<string> Features)
{
    /// <summary>Whether the node listed <paramref name="feature"/>.</summary>
    public bool Has(string feature) => Features.Contains(feature, StringComparer.Ordinal);
}
