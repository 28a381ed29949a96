namespace ActorFs.Node.Storage;

/// <summary>An upload staged by a <see cref="LocalFileStore"/>. Disposing closes the file but keeps the staged bytes; discard or commit through the store.</summary>
internal sealed class LocalStagedUpload : IStagedUpload
{
    private readonly FileStream _content;

    public LocalStagedUpload(LocalFileStore owner, string id, UploadIntent intent, FileStream content, string stagingPath, string metadataPath)
    {
        Owner = owner;
        Id = id;
        Intent = intent;
        _content = content;
        StagingPath = stagingPath;
        MetadataPath = metadataPath;
    }

    public string Id { get; }

    public UploadIntent Intent { get; }

    public Stream Content => _content;

    public long BytesWritten => _content.CanSeek ? _content.Position : new FileInfo(StagingPath).Length;

    public string StagingPath { get; }

    internal string MetadataPath { get; }

    internal LocalFileStore Owner { get; }

    /// <summary>Set once the bytes are under their final name; a committed upload cannot be discarded.</summary>
    internal bool Committed { get; set; }

    /// <summary>Flushes written bytes through to the disk (fsync) and closes the file. Idempotent.</summary>
    internal void FlushAndClose()
    {
        if (_content.CanWrite)
        {
            _content.Flush(flushToDisk: true);
        }

        _content.Dispose();
    }

    public void Dispose() => _content.Dispose();
}
