using Microsoft.Win32.SafeHandles;

namespace ActorFs.Node.Storage;

/// <summary>
/// A regular file opened for reading, already confirmed to lie under the root. <see cref="Handle"/> serves
/// positional reads and sendfile; <see cref="OpenStream"/> wraps the same handle. <see cref="Length"/> and
/// <see cref="LastWriteTimeUtc"/> are read from the open handle, so they describe exactly the bytes it reads.
/// </summary>
internal sealed class OpenedFile : IDisposable
{
    public OpenedFile(VirtualPath path, SafeFileHandle handle, long length, DateTime lastWriteTimeUtc)
    {
        Path = path;
        Handle = handle;
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    public VirtualPath Path { get; }

    public SafeFileHandle Handle { get; }

    public long Length { get; }

    public DateTime LastWriteTimeUtc { get; }

    /// <summary>An unbuffered read stream over <see cref="Handle"/>, from offset 0; disposing it closes the handle too.</summary>
    public Stream OpenStream() => new FileStream(Handle, FileAccess.Read, bufferSize: 0);

    public void Dispose() => Handle.Dispose();
}
