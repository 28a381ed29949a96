using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace ActorFs.Actors.IO;

/// <summary>What a copy loop moved: the byte count and, when it hashed, the digest.</summary>
public sealed record StreamCopyResult(long Bytes, byte[]? Hash);

/// <summary>
/// The copy loop of the fast data path (DESIGN.md section 4): two pooled buffers of about 1 MiB, the next
/// read overlapping the previous write, an optional hash computed while the bytes pass, and the outcome
/// piped back to the owning actor as a message. Cancel through the token (an actor cancels it in PostStop).
/// </summary>
public static class StreamCopy
{
    /// <summary>The buffer size of the data path.</summary>
    public const int DefaultBufferSize = 1024 * 1024;

    /// <summary>
    /// Copies from <paramref name="source"/> to <paramref name="destination"/>: exactly <paramref name="length"/>
    /// bytes when given (an earlier end of stream is an <see cref="EndOfStreamException"/>), else until end of
    /// stream. Each buffer is hashed into <paramref name="hash"/> while it is being written and the next one read.
    /// <paramref name="progress"/> gets the running total after each buffer.
    /// </summary>
    public static async Task<StreamCopyResult> CopyAsync(
        Stream source,
        Stream destination,
        long? length = null,
        IncrementalHash? hash = null,
        IProgress<long>? progress = null,
        int bufferSize = DefaultBufferSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        if (length is < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A length cannot be negative.");

        var current = ArrayPool<byte>.Shared.Rent(bufferSize);
        var next = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            long total = 0;
            var count = await ReadChunkAsync(source, current, bufferSize, length, total, cancellationToken).ConfigureAwait(false);
            while (count > 0)
            {
                var write = destination.WriteAsync(current.AsMemory(0, count), cancellationToken);
                hash?.AppendData(current, 0, count);
                total += count;
                int following;
                try
                {
                    following = await ReadChunkAsync(source, next, bufferSize, length, total, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await write.ConfigureAwait(false);
                }

                progress?.Report(total);
                (current, next) = (next, current);
                count = following;
            }

            if (length is { } expected && total < expected)
            {
                throw new EndOfStreamException($"The stream ended after {total} of {expected} bytes.");
            }

            return new StreamCopyResult(total, hash?.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>
    /// Runs <see cref="CopyAsync"/> as a task and sends its outcome to <paramref name="owner"/>:
    /// <paramref name="success"/> of the result (or the result itself), or <paramref name="failure"/> of the
    /// cause (or a <see cref="Status.Failure"/>).
    /// </summary>
    public static Task Run(
        Stream source,
        Stream destination,
        IActorRef owner,
        long? length = null,
        IncrementalHash? hash = null,
        Func<StreamCopyResult, object>? success = null,
        Func<Exception, object>? failure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return CopyAsync(source, destination, length, hash, progress: null, DefaultBufferSize, cancellationToken)
            .PipeTo(owner, owner, success: success ?? (static r => r), failure: failure);
    }

    /// <summary>
    /// Sends a whole file over a plain socket with the kernel's sendfile (no user-space copy), for downloads
    /// without TLS; returns the bytes sent.
    /// </summary>
    public static async Task<StreamCopyResult> SendFileAsync(Socket socket, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var length = new FileInfo(path).Length;
        await socket.SendFileAsync(path, cancellationToken).ConfigureAwait(false);
        return new StreamCopyResult(length, null);
    }

    private static async ValueTask<int> ReadChunkAsync(Stream source, byte[] buffer, int bufferSize, long? length, long total, CancellationToken cancellationToken)
    {
        var want = length is { } l ? (int)Math.Min(bufferSize, l - total) : bufferSize;
        if (want <= 0) return 0;
        return await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
    }
}
