namespace ActorFs.Node.Storage;

/// <summary>
/// An <see cref="IFileStore"/> that passes every call to an inner store: the base of decorators (access checks,
/// usage metering, fault injection in tests), which override only the calls they change.
/// </summary>
internal abstract class DelegatingFileStore(IFileStore inner) : IFileStore
{
    protected IFileStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public virtual FileEntry Stat(VirtualPath path) => Inner.Stat(path);

    public virtual DirectoryPage List(VirtualPath directory, PageRequest page) => Inner.List(directory, page);

    public virtual void CreateDirectory(VirtualPath path) => Inner.CreateDirectory(path);

    public virtual void DeleteFile(VirtualPath path) => Inner.DeleteFile(path);

    public virtual void RemoveDirectory(VirtualPath path) => Inner.RemoveDirectory(path);

    public virtual void Move(VirtualPath source, VirtualPath target, bool overwrite) => Inner.Move(source, target, overwrite);

    public virtual OpenedFile OpenRead(VirtualPath path) => Inner.OpenRead(path);

    public virtual ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default) =>
        Inner.GetSha256Async(path, cancellationToken);

    public virtual void RecordDigest(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256) =>
        Inner.RecordDigest(path, size, lastWriteTimeUtc, sha256);

    public virtual IStagedUpload BeginUpload(UploadIntent intent) => Inner.BeginUpload(intent);

    public virtual FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null) =>
        Inner.CommitUpload(upload, overwrite, sha256);

    public virtual void DiscardUpload(IStagedUpload upload) => Inner.DiscardUpload(upload);

    public virtual IReadOnlyList<StagedUploadInfo> ListStaged() => Inner.ListStaged();

    public virtual int SweepStaging(IStagingRetention? retention = null) => Inner.SweepStaging(retention);

    public virtual long FreeSpace() => Inner.FreeSpace();

    public virtual FileEntry CommitAppend(IStagedUpload upload, VirtualPath target) => Inner.CommitAppend(upload, target);

    public virtual FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset) => Inner.CommitWriteAt(upload, target, offset);

    public virtual int RecoverPartialWrites() => Inner.RecoverPartialWrites();

    public virtual KeptUpload? FindKeptUpload(UploadIntent intent) => Inner.FindKeptUpload(intent);

    public virtual IResumedUpload? ResumeUpload(UploadIntent intent) => Inner.ResumeUpload(intent);

    public virtual bool KeepUpload(IStagedUpload upload) => Inner.KeepUpload(upload);

    public virtual int SweepKeptUploads(DateTime writtenBeforeUtc) => Inner.SweepKeptUploads(writtenBeforeUtc);

    public virtual IReadOnlyDictionary<string, long> KeptBytesByOwner() => Inner.KeptBytesByOwner();
}
