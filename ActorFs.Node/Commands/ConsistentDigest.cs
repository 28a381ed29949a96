using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// A file's entry together with a SHA-256 that belongs to exactly that size and modification time: the digest
/// is computed (or taken from the store's cache), then the file is stat'ed again, and the pair is kept only
/// when the store's cache vouches for the digest at that size and time. A file that keeps changing fails.
/// </summary>
internal static class ConsistentDigest
{
    private const int Attempts = 3;

    /// <summary>The file's entry with <see cref="FileEntry.Sha256"/> set.</summary>
    /// <exception cref="StorageException">NotFound, NotAFile (directories and others), IoError when the file keeps changing.</exception>
    public static async ValueTask<FileEntry> ReadAsync(IFileStore store, VirtualPath path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var digest = await store.GetSha256Async(path, cancellationToken).ConfigureAwait(false);
            var entry = store.Stat(path);
            if (entry.Kind != FileKind.File)
            {
                throw StorageErrors.NotAFile(path);
            }

            if (string.Equals(entry.Sha256, digest, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        throw new StorageException(StorageErrorKind.IoError, $"File kept changing while being hashed: {path}", path.Value);
    }
}
