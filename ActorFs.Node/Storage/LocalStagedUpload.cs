using System.Buffers;
using System.Security.Cryptography;

namespace ActorFs.Node.Storage;

/// <summary>
/// An upload staged by a <see cref="LocalFileStore"/>, fresh or resumed. Disposing closes the file but keeps the
/// staged bytes; discard, keep or commit through the store.
/// </summary>
internal sealed class LocalStagedUpload : IResumedUpload
{
    private const int HashBufferSize = 1024 * 1024;

    private readonly FileStream _content;

    public LocalStagedUpload(
        LocalFileStore owner, string id, UploadIntent intent, FileStream content, string stagingPath, string metadataPath, UploadKey? key, long keptBytes)
    {
        Owner = owner;
        Id = id;
        Intent = intent;
        _content = content;
        StagingPath = stagingPath;
        MetadataPath = metadataPath;
        Key = key;
        KeptBytes = keptBytes;
    }

    public string Id { get; }

    public UploadIntent Intent { get; }

    public Stream Content => _content;

    public long BytesWritten => _content.CanSeek ? _content.Position : new FileInfo(StagingPath).Length;

    public long KeptBytes { get; }

    public string StagingPath { get; }

    internal string MetadataPath { get; }

    internal LocalFileStore Owner { get; }

    /// <summary>The key this upload holds in the store's resumable index; null when it cannot be resumed.</summary>
    internal UploadKey? Key { get; }

    /// <summary>Set once the bytes are under their final name; a committed upload cannot be discarded.</summary>
    internal bool Committed { get; set; }

    public async Task HashKeptBytesAsync(IncrementalHash hash, Action<long>? onProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (KeptBytes == 0) return;
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            long done = 0;
            while (done < KeptBytes)
            {
                var want = (int)Math.Min(buffer.Length, KeptBytes - done);
                // Positional reads on the same handle leave the append position where it is.
                var read = await RandomAccess.ReadAsync(_content.SafeFileHandle, buffer.AsMemory(0, want), done, cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new InvalidDataException($"The kept part of {Intent.Target.Value} is shorter than recorded.");
                hash.AppendData(buffer, 0, read);
                done += read;
                onProgress?.Invoke(done);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
