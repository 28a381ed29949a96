using System.Buffers;
using System.Security.Cryptography;

namespace ActorFs.Node.Storage;

/// <summary>Reading files and their SHA-256 digests.</summary>
internal sealed partial class LocalFileStore
{
    private const int HashBufferSize = 1 << 20;
    private const int HashAttempts = 3;

    public OpenedFile OpenRead(VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var host = _confinement.ResolveExisting(path);
        if (StatHost(host, path, followLinks: true).Kind != HostEntryKind.RegularFile)
        {
            throw StorageErrors.NotAFile(path);
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(host, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, path, "open");
        }

        _confinement.ConfirmOpened(handle, host, path);
        if (LibC.Stat(handle, out var stat) != 0 || stat.Kind != HostEntryKind.RegularFile)
        {
            handle.Dispose();
            throw StorageErrors.NotAFile(path);
        }

        return new OpenedFile(path, handle, stat.Size, stat.LastWriteTimeUtc);
    }

    public async ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default)
    {
        using var file = OpenRead(path);
        if (_digests.Get(path, file.Length, file.LastWriteTimeUtc) is { } cached)
        {
            return cached;
        }

        for (var attempt = 0; attempt < HashAttempts; attempt++)
        {
            if (LibC.Stat(file.Handle, out var before) != 0)
            {
                break;
            }

            var digest = await HashAsync(file, cancellationToken).ConfigureAwait(false);
            if (LibC.Stat(file.Handle, out var after) == 0 && after.Size == before.Size && after.LastWriteTimeUtc == before.LastWriteTimeUtc)
            {
                _digests.Record(path, after.Size, after.LastWriteTimeUtc, digest);
                return digest;
            }
        }

        throw new StorageException(StorageErrorKind.IoError, $"File kept changing while being hashed: {path}", path.Value);
    }

    public void RecordDigest(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        _digests.Record(path, size, lastWriteTimeUtc, NormalizeDigest(sha256));
    }

    internal static string NormalizeDigest(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("A SHA-256 digest is 64 hexadecimal characters.", nameof(sha256));
        }

        return sha256.ToLowerInvariant();
    }

    private static async Task<string> HashAsync(OpenedFile file, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            long offset = 0;
            int read;
            while ((read = await RandomAccess.ReadAsync(file.Handle, buffer.AsMemory(0, HashBufferSize), offset, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (IOException e)
        {
            throw StorageErrors.FromException(e, file.Path, "read");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
