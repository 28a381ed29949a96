namespace ActorFs.Node.Storage;

/// <summary>Uploads: staged in the hidden staging folder, flushed, then renamed into place atomically.</summary>
internal sealed partial class LocalFileStore
{
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

        try
        {
            var (id, content) = _staging.Create(intent, DateTime.UtcNow);
            return new LocalStagedUpload(this, id, intent, content, _staging.PartPath(id), _staging.MetadataPath(id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, target, "stage");
        }
    }

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
            StagingArea.Delete(staged.StagingPath, staged.MetadataPath);
        }
    }

    public IReadOnlyList<StagedUploadInfo> ListStaged() => _staging.List();

    public int SweepStaging(IStagingRetention? retention = null) => _staging.Sweep(retention ?? SweepEverything.Instance);

    private LocalStagedUpload OwnUpload(IStagedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return upload is LocalStagedUpload staged && ReferenceEquals(staged.Owner, this)
            ? staged
            : throw new ArgumentException("The upload was not begun by this store.", nameof(upload));
    }
}
