using System.Security.Cryptography;

namespace ActorFs.Node.Storage;

/// <summary>
/// Who is uploading what. Stored beside the staged bytes, so an interrupted upload can be found again by
/// (owner, target, declared size, declared SHA-256) and resumed, and so quotas can count kept bytes against
/// their owner. Every field but the target is optional; a null owner is the anonymous user, a key of its own.
/// </summary>
internal sealed record UploadIntent(VirtualPath Target, string? Owner = null, long? DeclaredSize = null, string? DeclaredSha256 = null);

/// <summary>
/// A staged upload as found in the staging area: its id, what it was for, how many bytes it holds, when it was
/// started and when its last byte was written.
/// </summary>
internal sealed record StagedUploadInfo(string Id, UploadIntent? Intent, long Length, DateTime CreatedUtc, DateTime LastWriteUtc);

/// <summary>
/// An interrupted upload kept for resume, as <see cref="IFileStore.FindKeptUpload"/> reports it: how many bytes
/// it holds, when the last of them was written, and whether a transfer is writing to it right now.
/// </summary>
internal sealed record KeptUpload(UploadIntent Intent, long Length, DateTime LastWriteUtc, bool InUse);

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

/// <summary>
/// A kept upload claimed again by <see cref="IFileStore.ResumeUpload"/>: its first <see cref="KeptBytes"/> bytes
/// are already staged and <see cref="IStagedUpload.Content"/> appends after them.
/// </summary>
internal interface IResumedUpload : IStagedUpload
{
    /// <summary>The bytes the upload held when it was resumed.</summary>
    long KeptBytes { get; }

    /// <summary>
    /// Reads the kept bytes back from the staged file into <paramref name="hash"/>, so the whole-file digest covers
    /// them as well as what is appended; <paramref name="onProgress"/> gets the running count read.
    /// </summary>
    Task HashKeptBytesAsync(IncrementalHash hash, Action<long>? onProgress, CancellationToken cancellationToken);
}

/// <summary>What a sweep of the staging area keeps.</summary>
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

/// <summary>
/// The start-up retention of a node that keeps interrupted uploads: keeps those that can be resumed (declared
/// size and SHA-256, some but not more than the declared bytes) whose last byte was written less than
/// <paramref name="keep"/> before <paramref name="nowUtc"/>; a zero <paramref name="keep"/> keeps nothing.
/// </summary>
internal sealed class KeepResumableUploads(TimeSpan keep, DateTime nowUtc) : IStagingRetention
{
    public bool Keep(StagedUploadInfo upload) =>
        keep > TimeSpan.Zero && UploadKey.For(upload.Intent) is { } key && key.Holds(upload.Length) && upload.LastWriteUtc > nowUtc - keep;
}
