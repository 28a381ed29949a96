namespace ActorFs.Node.Storage;

/// <summary>
/// Who is uploading what. Stored beside the staged bytes, so a later feature can find an interrupted
/// upload again by (owner, target, declared size, declared SHA-256) and resume it, and so quotas can count
/// kept bytes against their owner. Every field but the target is optional today.
/// </summary>
internal sealed record UploadIntent(VirtualPath Target, string? Owner = null, long? DeclaredSize = null, string? DeclaredSha256 = null);

/// <summary>A staged upload as found in the staging area: its id, what it was for, how many bytes it holds and when it was started.</summary>
internal sealed record StagedUploadInfo(string Id, UploadIntent? Intent, long Length, DateTime CreatedUtc);

/// <summary>An upload being written to the staging area; nothing is visible under the target name until it is committed.</summary>
internal interface IStagedUpload : IDisposable
{
    /// <summary>The staging id (file-name safe), stable for the life of the staged bytes.</summary>
    string Id { get; }

    UploadIntent Intent { get; }

    /// <summary>Where the bytes go. Unbuffered; write sequentially. The store flushes it to disk on commit.</summary>
    Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    long BytesWritten { get; }

    /// <summary>The host path of the staged file, for the node operator's logs only; never put it in a reply.</summary>
    string StagingPath { get; }
}

/// <summary>What a sweep of the staging area keeps. Sweeping everything is the default until resumable uploads land.</summary>
internal interface IStagingRetention
{
    /// <summary>Whether to keep <paramref name="upload"/>; <paramref name="upload"/>'s intent is null when its metadata was unreadable.</summary>
    bool Keep(StagedUploadInfo upload);
}

/// <summary>Keeps nothing: every staged upload is stale after a restart.</summary>
internal sealed class SweepEverything : IStagingRetention
{
    public static SweepEverything Instance { get; } = new();

    public bool Keep(StagedUploadInfo upload) => false;
}
