using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace ActorFs.Node.Transfers;

/// <summary>Where a transfer's SHA-256 is computed: beside the reads, or beside the writes.</summary>
internal enum HashSide
{
    /// <summary>Downloads: the reader reads the file and hashes; the writer encrypts and sends.</summary>
    Reader,

    /// <summary>Uploads: the reader receives and decrypts; the writer hashes while the write to disk is in flight.</summary>
    Writer,

    /// <summary>No hashing: the digest of these bytes is already known (a download of a file whose digest is cached).</summary>
    None,
}

/// <summary>What a finished copy moved; <see cref="Sha256"/> is null when the copy did not hash (<see cref="HashSide.None"/>).</summary>
internal sealed record PipelineResult(long Bytes, string? Sha256, bool SourceEnded);

/// <summary>
/// The copy loop of a transfer: two stages connected by a small bounded channel of pooled buffers, so the
/// read of one buffer overlaps the hashing and the write of the previous one across the cores. The buffers
/// belong to this one copy (never shared with another connection) and go back to the pool when it ends.
/// </summary>
internal static class TransferPipeline
{
    private const int BuffersInFlight = 3;

    /// <summary>
    /// The most written to the destination in one call: at the default 60 s idle timeout a peer must take
    /// longer than a minute over this many bytes (about 1 KB/s) before the transfer counts as stalled.
    /// </summary>
    private const int WriteSliceSize = 64 * 1024;

    /// <param name="limit">Copy exactly this many bytes (fails if the source ends sooner); null copies until the source ends.</param>
    /// <param name="onProgress">Called from the copy with the running count of bytes written; must be cheap and thread-safe.</param>
    /// <param name="onReceived">Called after every read from the source with the running count of bytes read (before a buffer is full); must be cheap and thread-safe.</param>
    public static async Task<PipelineResult> CopyAsync(
        Stream source, Stream destination, long? limit, int bufferSize, HashSide hashSide,
        Action<long>? onProgress, CancellationToken cancellationToken, IncrementalHash? hash = null, Action<long>? onReceived = null)
    {
        using var ownedHash = hash is null && hashSide != HashSide.None ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var sha = hash ?? ownedHash;
        var chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(BuffersInFlight) { SingleReader = true, SingleWriter = true });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadAsync(source, chunks.Writer, limit, bufferSize, hashSide == HashSide.Reader ? sha : null, onReceived, linked.Token);
        var writer = WriteAsync(destination, chunks.Reader, hashSide == HashSide.Writer ? sha : null, onProgress, linked.Token);
        try
        {
            // A writer that fails (a full disk) fails the copy at once: it no longer drains the bounded channel, so
            // waiting on the reader first would wait forever on its next WriteAsync. A reader that fails (the peer
            // went) first lets the writer finish what was read, at most the few buffers in flight, so everything
            // that arrived is on disk for a resume; the writer then ends with the reader's error.
            var first = await Task.WhenAny(reader, writer).ConfigureAwait(false);
            if (first == reader && reader.IsFaulted)
            {
                await writer.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            await first.ConfigureAwait(false);
            var (bytes, ended) = await reader.ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            return new PipelineResult(bytes, sha is null ? null : Convert.ToHexStringLower(sha.GetHashAndReset()), ended);
        }
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reader, writer).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            DrainAndReturn(chunks.Reader);
            throw;
        }
    }

    private static async Task<(long Bytes, bool Ended)> ReadAsync(
        Stream source, ChannelWriter<Chunk> output, long? limit, int bufferSize, IncrementalHash? hash, Action<long>? onReceived, CancellationToken cancellationToken)
    {
        long total = 0;
        var ended = false;
        try
        {
            while (limit is null || total < limit)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
                var want = limit is { } l ? (int)Math.Min(bufferSize, l - total) : bufferSize;
                int filled;
                try
                {
                    var before = total;
                    filled = await FillAsync(source, buffer.AsMemory(0, want), onReceived is null ? null : n => onReceived(before + n), cancellationToken)
                        .ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    ended = true;
                    break;
                }
                hash?.AppendData(buffer, 0, filled);
                total += filled;
                await output.WriteAsync(new Chunk(buffer, filled), cancellationToken).ConfigureAwait(false);
            }
            if (limit is { } expected && total < expected)
            {
                throw new EndOfStreamException($"The peer ended the transfer after {total} of {expected} bytes.");
            }
            output.TryComplete();
            return (total, ended);
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    /// <summary>Reads until the buffer is full or the source ends, so chunks stay large even over small TLS records.</summary>
    private static async Task<int> FillAsync(Stream source, Memory<byte> buffer, Action<long>? onReceived, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
            onReceived?.Invoke(filled);
            // Hand over what arrived once a reasonable amount is in, rather than waiting on a slow peer for a full MiB.
            if (filled >= 256 * 1024) break;
        }
        return filled;
    }

    private static async Task WriteAsync(
        Stream destination, ChannelReader<Chunk> input, IncrementalHash? hash, Action<long>? onProgress, CancellationToken cancellationToken)
    {
        long written = 0;
        await foreach (var chunk in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // A chunk goes out in slices, each reported once written: a slow peer draining a large chunk
                // still shows progress (which holds off the transfer's idle timeout). The hash of the whole
                // chunk overlaps the first slice's write.
                var first = Math.Min(WriteSliceSize, chunk.Count);
                var write = destination.WriteAsync(chunk.Buffer.AsMemory(0, first), cancellationToken);
                hash?.AppendData(chunk.Buffer, 0, chunk.Count);
                await write.ConfigureAwait(false);
                written += first;
                onProgress?.Invoke(written);
                for (var offset = first; offset < chunk.Count; offset += WriteSliceSize)
                {
                    var count = Math.Min(WriteSliceSize, chunk.Count - offset);
                    await destination.WriteAsync(chunk.Buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
                    written += count;
                    onProgress?.Invoke(written);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void DrainAndReturn(ChannelReader<Chunk> input)
    {
        while (input.TryRead(out var chunk)) ArrayPool<byte>.Shared.Return(chunk.Buffer);
    }

    private readonly record struct Chunk(byte[] Buffer, int Count);
}
