namespace ActorFs.Node.Storage;

/// <summary>
/// Uploads: staged in the hidden staging folder, flushed, then renamed into place atomically. An interrupted
/// upload that declared its size and SHA-256 can be kept and resumed; <see cref="_resumable"/> indexes those.
/// </summary>
internal sealed partial class LocalFileStore
{
    private readonly ResumableUploads _resumable = new();

    public IStagedUpload BeginUpload(UploadIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var target = intent.Target;
        RefuseInternalTarget(target);
        if (target.IsRoot)
        {
            throw StorageErrors.NotAFile(target);
        }

        _ = _confinement.ResolveEntry(target); // the parent must exist, be a directory and lie inside the root
        if (intent.DeclaredSize is { } declared && declared > 0)
        {
            var free = FreeSpace();
            if (declared > free)
            {
                throw StorageErrors.InsufficientStorage(target, declared, free);
            }
        }

        if (intent.DeclaredSha256 is { } sha)
        {
            intent = intent with { DeclaredSha256 = NormalizeDigest(sha) };
        }

        FileStream content;
        string id;
        try
        {
            (id, content) = _staging.Create(intent, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, target, "stage");
        }

        var key = UploadKey.For(intent);
        if (key is { } k)
        {
            if (_resumable.TryRegister(k, id, out var replaced))
            {
                if (replaced is not null) DeleteStaged(replaced);
            }
            else
            {
                key = null;
            }
        }

        return new LocalStagedUpload(this, id, intent, content, _staging.PartPath(id), _staging.MetadataPath(id), key, keptBytes: 0);
    }

    public KeptUpload? FindKeptUpload(UploadIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return UploadKey.For(intent) is { } key ? _resumable.Find(key) : null;
    }

    public IResumedUpload? ResumeUpload(UploadIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var target = intent.Target;
        RefuseInternalTarget(target);
        if (target.IsRoot)
        {
            throw StorageErrors.NotAFile(target);
        }

        _ = _confinement.ResolveEntry(target); // as for a fresh upload: the parent must still be a directory inside the root
        if (UploadKey.For(intent) is not { } key || !_resumable.TryClaim(key, out var id))
        {
            return null;
        }

        try
        {
            var content = _staging.OpenForAppend(id, target);
            return new LocalStagedUpload(this, id, key.ToIntent(), content, _staging.PartPath(id), _staging.MetadataPath(id), key, keptBytes: content.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
        {
            // The kept bytes cannot be opened (deleted behind the node's back, say): they are of no use to anyone.
            _resumable.Remove(key, id);
            DeleteStaged(id);
            return null;
        }
    }

    public bool KeepUpload(IStagedUpload upload)
    {
        var staged = OwnUpload(upload);
        if (staged.Committed)
        {
            throw new InvalidOperationException("This upload is already committed.");
        }

        if (staged.Key is { } key)
        {
            try
            {
                staged.FlushAndClose();
                var part = new FileInfo(staged.StagingPath);
                if (part.Exists && key.Holds(part.Length) && _resumable.Release(key, staged.Id, part.Length, part.LastWriteTimeUtc))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Bytes that could not be flushed are not worth keeping.
            }
        }

        DiscardUpload(staged);
        return false;
    }

    public int SweepKeptUploads(DateTime writtenBeforeUtc)
    {
        var expired = _resumable.TakeKeptWrittenBefore(writtenBeforeUtc);
        foreach (var id in expired)
        {
            DeleteStaged(id);
        }

        return expired.Count;
    }

    public IReadOnlyDictionary<string, long> KeptBytesByOwner() => _resumable.KeptBytesByOwner();

    public FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null)
    {
        var staged = OwnUpload(upload);
        var target = staged.Intent.Target;
        if (staged.Committed)
        {
            throw new InvalidOperationException("This upload is already committed.");
        }

        try
        {
            staged.FlushAndClose();
        }
        catch (IOException e)
        {
            throw StorageErrors.FromException(e, target, "flush");
        }

        // Resolved again: the parent may have been moved or replaced by a link since the upload began.
        var targetHost = _confinement.ResolveEntry(target);
        var errno = overwrite
            ? ReplacingRename(staged.StagingPath, targetHost, sourceIsDirectory: false)
            : NoReplaceRename.Move(staged.StagingPath, targetHost, _options.UseRenameat2, sourceIsDirectory: false);
        if (errno != 0)
        {
            throw errno is StorageErrors.EEXIST or StorageErrors.EISDIR
                ? StorageErrors.AlreadyExists(target)
                : StorageErrors.FromErrno(errno, target, "commit");
        }

        staged.Committed = true;
        if (staged.Key is { } key) _resumable.Remove(key, staged.Id);
        _digests.Invalidate(target);
        LibC.FsyncDirectory(Path.GetDirectoryName(targetHost)!);
        File.Delete(staged.MetadataPath);
        var stat = StatHost(targetHost, target, followLinks: false);
        if (sha256 is not null)
        {
            _digests.Record(target, stat.Size, stat.LastWriteTimeUtc, NormalizeDigest(sha256));
        }

        return Describe(target, stat);
    }

    public void DiscardUpload(IStagedUpload upload)
    {
        var staged = OwnUpload(upload);
        staged.Dispose();
        if (!staged.Committed)
        {
            if (staged.Key is { } key) _resumable.Remove(key, staged.Id);
            StagingArea.Delete(staged.StagingPath, staged.MetadataPath);
        }
    }

    public IReadOnlyList<StagedUploadInfo> ListStaged() => _staging.List();

    /// <summary>
    /// Deletes what <paramref name="retention"/> does not keep and indexes the kept uploads that can be resumed.
    /// Of two kept uploads with the same key (two identical uploads cut by a crash) the longer stays.
    /// Run it at start, before any upload begins.
    /// </summary>
    public int SweepStaging(IStagingRetention? retention = null)
    {
        var swept = _staging.Sweep(retention ?? SweepEverything.Instance, out var kept);
        foreach (var upload in kept.OrderByDescending(u => u.Length))
        {
            if (UploadKey.For(upload.Intent) is { } key && key.Holds(upload.Length) && !_resumable.AddKept(key, upload.Id, upload.Length, upload.LastWriteUtc))
            {
                DeleteStaged(upload.Id);
                swept++;
            }
        }

        return swept;
    }

    /// <summary>Deletes an upload no longer indexed; what cannot be deleted now is swept at the next start.</summary>
    private void DeleteStaged(string id)
    {
        try
        {
            StagingArea.Delete(_staging.PartPath(id), _staging.MetadataPath(id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the start-up sweep.
        }
    }

    private LocalStagedUpload OwnUpload(IStagedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return upload is LocalStagedUpload staged && ReferenceEquals(staged.Owner, this)
            ? staged
            : throw new ArgumentException("The upload was not begun by this store.", nameof(upload));
    }
}
