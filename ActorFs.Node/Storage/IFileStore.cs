namespace ActorFs.Node.Storage;

/// <summary>
/// The node's files, addressed by virtual path: the one seam the resolver, commands and transfers use, so a
/// later multi-node catalog or object store can stand in for the local disk (DESIGN.md section 8). It knows
/// nothing of actors, sessions, permissions or the wire; callers check permissions and quotas first.
/// Failures are <see cref="StorageException"/>s whose messages name virtual paths only.
/// Thread-safe: several actors may call one instance at once.
/// </summary>
internal interface IFileStore
{
    /// <summary>What <paramref name="path"/> is, following symbolic links that stay inside the root.</summary>
    FileEntry Stat(VirtualPath path);

    /// <summary>A page of <paramref name="directory"/>'s entries, sorted by ordinal name, the store's internal folder left out.</summary>
    DirectoryPage List(VirtualPath directory, PageRequest page);

    /// <summary>Creates one directory; its parent must exist.</summary>
    void CreateDirectory(VirtualPath path);

    /// <summary>Deletes a file (or a symbolic link, never its target); refuses directories.</summary>
    void DeleteFile(VirtualPath path);

    /// <summary>Removes an empty directory; refuses the root, files and non-empty directories.</summary>
    void RemoveDirectory(VirtualPath path);

    /// <summary>
    /// Renames a file or directory. An existing target is refused, atomically, unless <paramref name="overwrite"/>
    /// is set and both are files; a directory cannot move into itself or below itself.
    /// </summary>
    void Move(VirtualPath source, VirtualPath target, bool overwrite);

    /// <summary>Opens a regular file for reading, confirmed under the root after opening.</summary>
    OpenedFile OpenRead(VirtualPath path);

    /// <summary>
    /// The file's SHA-256 as lowercase hex, from the cache when its size and modification time are unchanged,
    /// otherwise computed (and cached).
    /// </summary>
    ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Remembers a digest computed elsewhere (for example by a transfer while the bytes passed); it is used only
    /// while the file still has this <paramref name="size"/> and <paramref name="lastWriteTimeUtc"/>.
    /// </summary>
    void RecordDigest(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256);

    /// <summary>
    /// Starts an upload into the hidden staging area. The target's parent must be a directory; refuses with
    /// <see cref="StorageErrorKind.InsufficientStorage"/> when the declared size exceeds the free space.
    /// </summary>
    IStagedUpload BeginUpload(UploadIntent intent);

    /// <summary>
    /// Flushes the staged bytes to disk and renames them into place atomically: refusing an existing target
    /// (which stays untouched, and the staged file stays staged for the caller to discard or retry) unless
    /// <paramref name="overwrite"/>, in which case the target is replaced in one step. <paramref name="sha256"/>,
    /// when the caller hashed the bytes, is cached for the committed file.
    /// </summary>
    FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null);

    /// <summary>Deletes the staged bytes and their metadata. Idempotent.</summary>
    void DiscardUpload(IStagedUpload upload);

    // Resumable uploads. An upload whose intent declares its size and SHA-256 is resumable: interrupted, it can be
    // kept, and a later upload with the same (owner, target, size, SHA-256) continues it. At most one staged upload
    // per such key is resumable; a fresh upload replaces a kept one of its key. The defaults are a store that keeps
    // nothing (every interrupted upload is discarded), so wrappers that do not forward these still behave.

    /// <summary>
    /// The upload kept (or being written) for <paramref name="intent"/>'s key, or null: how many bytes it holds and
    /// whether a transfer holds it right now. Changes nothing.
    /// </summary>
    KeptUpload? FindKeptUpload(UploadIntent intent) => null;

    /// <summary>
    /// Claims the kept upload for <paramref name="intent"/>'s key for one transfer, opened to append after its
    /// <see cref="IResumedUpload.KeptBytes"/>; null when none is kept or another transfer holds it. Commit, keep or
    /// discard it like any staged upload. Checks the target's parent as <see cref="BeginUpload"/> does.
    /// </summary>
    IResumedUpload? ResumeUpload(UploadIntent intent) => null;

    /// <summary>
    /// Closes an interrupted upload and keeps its bytes (flushed to disk) for a later <see cref="ResumeUpload"/>,
    /// when it is resumable and holds some but not more than its declared bytes; otherwise discards it. Returns
    /// whether it was kept.
    /// </summary>
    bool KeepUpload(IStagedUpload upload)
    {
        DiscardUpload(upload);
        return false;
    }

    /// <summary>Deletes the kept uploads (never one a transfer holds) whose last byte was written before <paramref name="writtenBeforeUtc"/>; returns how many.</summary>
    int SweepKeptUploads(DateTime writtenBeforeUtc) => 0;

    /// <summary>
    /// Bytes held by kept uploads (not those a transfer is writing), per owner, for quotas to count; anonymous
    /// uploads are under <see cref="ResumableUploads.AnonymousOwner"/>. Owners with nothing kept are absent.
    /// </summary>
    IReadOnlyDictionary<string, long> KeptBytesByOwner() => new Dictionary<string, long>();

    /// <summary>The uploads currently in the staging area (for example, left by a crash).</summary>
    IReadOnlyList<StagedUploadInfo> ListStaged();

    /// <summary>
    /// Deletes staged uploads that <paramref name="retention"/> does not keep (all of them by default) and makes the
    /// kept resumable ones available to <see cref="ResumeUpload"/>; run at start. Returns how many were deleted.
    /// </summary>
    int SweepStaging(IStagingRetention? retention = null);

    /// <summary>Bytes available to the node on the filesystem that holds the root.</summary>
    long FreeSpace();

    /// <summary>
    /// Appends the staged bytes (fully received and verified by the caller) to the end of the existing regular file
    /// <paramref name="target"/>, in place and all or nothing across crashes; then discards the staged upload.
    /// Partial writes to one file run one at a time. Refuses a missing target (<see cref="StorageErrorKind.NotFound"/>),
    /// a directory or other non-file (<see cref="StorageErrorKind.NotAFile"/>) and paths that leave the root; a
    /// refused or failed write leaves the file as it was and the staged bytes staged. Returns the file's new entry.
    /// </summary>
    FileEntry CommitAppend(IStagedUpload upload, VirtualPath target);

    /// <summary>
    /// Like <see cref="CommitAppend"/>, but overwrites [<paramref name="offset"/>, offset + staged length) of
    /// <paramref name="target"/>, growing it when the range runs past its end. An offset past the end (or negative)
    /// is refused with <see cref="StorageErrorKind.InvalidPath"/> (a bad request).
    /// </summary>
    FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset);

    /// <summary>
    /// Undoes the partial writes a crash interrupted, so each file holds exactly its old bytes again; run once at
    /// start, before serving. Returns how many files were put back.
    /// </summary>
    int RecoverPartialWrites();
}
