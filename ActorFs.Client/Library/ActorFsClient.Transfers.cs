// Downloads and uploads over the transfer port (docs/PROTOCOL.md section 5.2): connect where the
// reply says, send the v2 handshake, move exactly the announced bytes through 1 MiB pooled buffers
// (reading the next buffer while the current one is hashed and written), and verify the SHA-256.
// A download lands in a temporary file beside the target and is renamed into place only when
// verified; an existing file is never replaced without overwrite, and never deleted on failure.
using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using ActorFs.Messages;

namespace ActorFs.Client;

public sealed partial class ActorFsClient
{
    /// <summary>The size of the pooled buffers transfers move bytes through.</summary>
    public const int TransferBufferSize = 1024 * 1024;

    /// <summary>The suffix of the temporary file a download is written to (<c>.NAME.actorfs-part</c>, beside the target).</summary>
    public const string PartialSuffix = ".actorfs-part";

    private const int MaxOutcomeLine = 64 * 1024;

    /// <summary>The temporary file a download of <paramref name="target"/> is written to.</summary>
    public static string PartialPathFor(string target)
    {
        var full = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + PartialSuffix);
    }

    /// <summary>
    /// Downloads <paramref name="remotePath"/> to <paramref name="localPath"/>, verified against the
    /// node's whole-file SHA-256 before it appears under its name.
    /// </summary>
    /// <exception cref="ActorFsException">The local file exists (without overwrite), there is not enough free space, or the node refused.</exception>
    /// <exception cref="ActorFsIntegrityException">The bytes received do not have the node's SHA-256; nothing was renamed into place.</exception>
    /// <exception cref="ActorFsConnectionException">The transfer connection failed or was cut.</exception>
    public async Task<TransferResult> DownloadAsync(string remotePath, string localPath, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remotePath);
        ArgumentNullException.ThrowIfNull(localPath);
        options ??= TransferOptions.Default;
        var target = Path.GetFullPath(localPath);
        var directory = Path.GetDirectoryName(target)!;
        CheckDownloadTarget(target, directory, options.Overwrite);

        var started = Stopwatch.GetTimestamp();
        var watch = new TransferWatch();
        var reply = await RequestAsync<V2.Replies.Get>(id => new V2.Requests.Get(id, remotePath), cancellationToken, watch).ConfigureAwait(false);
        try
        {
            var free = new DriveInfo(directory).AvailableFreeSpace;
            if (free < reply.Size)
            {
                throw ActorFsException.LocalError(
                    StatusCode.InsufficientStorage,
                    ErrorCode.InsufficientStorage,
                    $"Not enough free space in {directory}: {reply.Size} bytes needed, {free} available.");
            }

            var partial = PartialPathFor(target);
            try
            {
                var digest = await ReceiveToFileAsync(reply, partial, options, started, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(digest, reply.Digest, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ActorFsIntegrityException(
                        $"The download of {reply.Path} has SHA-256 {digest}, not the node's {reply.Digest}; it was discarded.");
                }

                Rename(partial, target, options.Overwrite);
            }
            catch
            {
                TryDelete(partial);
                throw;
            }

            return new TransferResult(reply.Path, target, reply.Size, reply.Digest.ToLowerInvariant(), Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            Forget(reply.Id);
        }
    }

    /// <summary>
    /// Uploads <paramref name="localPath"/> to <paramref name="remotePath"/>. Its SHA-256 is computed
    /// first and declared in <c>put</c>; success is reported only when the node confirms (status 201
    /// with the same digest).
    /// </summary>
    /// <exception cref="ActorFsException">No such local file, or the node refused (409 exists without overwrite, 507, ...).</exception>
    /// <exception cref="ActorFsIntegrityException">The node received bytes with another SHA-256 (422); nothing was stored.</exception>
    /// <exception cref="ActorFsConnectionException">The transfer connection failed or was cut before the node confirmed.</exception>
    public async Task<TransferResult> UploadAsync(string localPath, string remotePath, TransferOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localPath);
        ArgumentNullException.ThrowIfNull(remotePath);
        options ??= TransferOptions.Default;
        var source = Path.GetFullPath(localPath);
        if (!File.Exists(source))
        {
            throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"No such local file: {source}");
        }

        var started = Stopwatch.GetTimestamp();
        var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var size = file.Length;
            var digest = await HashFileAsync(file, size, cancellationToken).ConfigureAwait(false);
            var watch = new TransferWatch();
            var reply = await RequestAsync<V2.Replies.Put>(
                id => new V2.Requests.Put(id, remotePath, size, digest, options.Overwrite), cancellationToken, watch).ConfigureAwait(false);
            try
            {
                await SendFileAsync(reply, file, digest, watch, options, started, cancellationToken).ConfigureAwait(false);
                return new TransferResult(reply.Path, source, size, digest, Stopwatch.GetElapsedTime(started));
            }
            finally
            {
                Forget(reply.Id);
            }
        }
    }

    private static void CheckDownloadTarget(string target, string directory, bool overwrite)
    {
        if (Directory.Exists(target))
        {
            throw ActorFsException.LocalError(StatusCode.Conflict, ErrorCode.IsADirectory, $"The local path {target} is a directory.");
        }

        if (!overwrite && File.Exists(target))
        {
            throw ActorFsException.LocalError(StatusCode.Conflict, ErrorCode.Exists, $"The local file {target} exists; use --force to replace it.");
        }

        if (!Directory.Exists(directory))
        {
            throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"The local directory {directory} does not exist.");
        }
    }

    private async Task<string> ReceiveToFileAsync(V2.Replies.Get reply, string partial, TransferOptions options, long started, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = await OpenTransferAsync(reply.Host, reply.Port, reply.Token, idle.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var progress = new ProgressReporter(reply.Path, reply.Size, options, started);
                var count = reply.Size - reply.Offset;
                var pool = ArrayPool<byte>.Shared;
                var current = pool.Rent(TransferBufferSize);
                var next = pool.Rent(TransferBufferSize);
                long done = 0;
                try
                {
                    var filled = await FillAsync(stream, current, (int)Math.Min(TransferBufferSize, count), idle, cancellationToken).ConfigureAwait(false);
                    while (filled > 0)
                    {
                        done += filled;
                        var want = (int)Math.Min(TransferBufferSize, count - done);
                        var reading = want > 0 ? FillAsync(stream, next, want, idle, cancellationToken) : Task.FromResult(0);
                        hash.AppendData(current, 0, filled);
                        var writing = file.WriteAsync(current.AsMemory(0, filled), cancellationToken).AsTask();
                        await Task.WhenAll(reading, writing).ConfigureAwait(false);
                        progress.Report(reply.Offset + done);
                        filled = reading.Result;
                        (current, next) = (next, current);
                    }
                }
                catch (EndOfStreamException e)
                {
                    throw new ActorFsConnectionException($"The transfer of {reply.Path} was cut after {reply.Offset + done} of {reply.Size} bytes.", e);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    throw new ActorFsConnectionException($"The transfer of {reply.Path} failed after {reply.Offset + done} of {reply.Size} bytes: {Describe(e)}", e);
                }
                finally
                {
                    pool.Return(current);
                    pool.Return(next);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                progress.Report(reply.Size, final: true);
                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
        }
    }

    private async Task SendFileAsync(V2.Replies.Put reply, FileStream file, string digest, TransferWatch watch, TransferOptions options, long started, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = await OpenTransferAsync(reply.Host, reply.Port, reply.Token, idle.Token).ConfigureAwait(false);
        TransferWire.Outcome? outcome;
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var head = new byte[TransferWire.ReadyFlag.Length];
                var got = await FillAsync(stream, head, head.Length, idle, cancellationToken, allowShort: true).ConfigureAwait(false);
                if (got > 0 && head[0] == (byte)'{')
                {
                    throw FromOutcome(await ReadOutcomeAsync(stream, head.AsMemory(0, got), idle, cancellationToken).ConfigureAwait(false), reply.Path);
                }

                if (!head.AsSpan(0, got).SequenceEqual(TransferWire.ReadyFlag))
                {
                    throw new ActorFsConnectionException($"The node did not accept the upload of {reply.Path} (no ready flag).");
                }

                await SendBytesAsync(reply, file, stream, options, started, idle, cancellationToken).ConfigureAwait(false);
                outcome = await ReadOutcomeAsync(stream, ReadOnlyMemory<byte>.Empty, idle, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ActorFsConnectionException($"The upload of {reply.Path} failed: {Describe(e)}", e);
            }
        }

        if (outcome is null)
        {
            // No outcome line (connection closed early): the session's terminal event decides.
            V2.TransferEvent terminal;
            try
            {
                terminal = await watch.Terminal.WaitAsync(Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ActorFsConnectionException($"The node did not confirm the upload of {reply.Path}.");
            }

            outcome = terminal switch
            {
                V2.Events.Verified v => TransferWire.Outcome.Stored(v.Bytes, v.Digest),
                V2.Events.Failed f => new TransferWire.Outcome(f.Status, f.Error, f.Message, null, null),
                _ => null,
            };
        }

        if (outcome is null || !outcome.IsSuccess)
        {
            throw outcome is null ? new ActorFsConnectionException($"The node did not confirm the upload of {reply.Path}.") : FromOutcome(outcome, reply.Path);
        }

        if (outcome.Status != StatusCode.Created || !string.Equals(outcome.Sha256, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new ActorFsIntegrityException($"The node stored {reply.Path} with SHA-256 {outcome.Sha256 ?? "(none)"}, not {digest}.");
        }
    }

    private async Task SendBytesAsync(V2.Replies.Put reply, FileStream file, Stream stream, TransferOptions options, long started, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        var progress = new ProgressReporter(reply.Path, reply.Size, options, started);
        file.Position = reply.Offset;
        var count = reply.Size - reply.Offset;
        var pool = ArrayPool<byte>.Shared;
        var current = pool.Rent(TransferBufferSize);
        var next = pool.Rent(TransferBufferSize);
        try
        {
            long done = 0;
            var filled = await ReadFileAsync(file, current, (int)Math.Min(TransferBufferSize, count), cancellationToken).ConfigureAwait(false);
            while (filled > 0)
            {
                done += filled;
                var want = (int)Math.Min(TransferBufferSize, count - done);
                var reading = want > 0 ? ReadFileAsync(file, next, want, cancellationToken) : Task.FromResult(0);
                idle.CancelAfter(Options.RequestTimeout);
                var writing = stream.WriteAsync(current.AsMemory(0, filled), idle.Token).AsTask();
                await Task.WhenAll(reading, writing).ConfigureAwait(false);
                progress.Report(reply.Offset + done);
                filled = reading.Result;
                (current, next) = (next, current);
            }

            if (done != count)
            {
                throw ActorFsException.LocalError(StatusCode.Conflict, ErrorCode.Conflict, $"The local file {file.Name} changed size during the upload.");
            }

            await stream.FlushAsync(idle.Token).ConfigureAwait(false);
            progress.Report(reply.Size, final: true);
        }
        finally
        {
            pool.Return(current);
            pool.Return(next);
        }
    }

    private async Task<Stream> OpenTransferAsync(string? replyHost, int replyPort, string token, CancellationToken cancellationToken)
    {
        var (host, port) = Options.RouteTransfer?.Invoke(replyHost ?? Options.Host, replyPort) ?? (replyHost ?? Options.Host, replyPort);
        var (stream, _) = await Connector.OpenAsync(Options, host, port, cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(TransferWire.EncodeHandshake(token), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (Exception e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (e is IOException)
            {
                throw new ActorFsConnectionException($"The transfer connection to {host}:{port} failed: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (or fewer at end of stream with <paramref name="allowShort"/>; else EndOfStreamException).</summary>
    private async Task<int> FillAsync(Stream stream, byte[] buffer, int count, CancellationTokenSource idle, CancellationToken cancellationToken, bool allowShort = false)
    {
        var total = 0;
        while (total < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            idle.CancelAfter(Options.RequestTimeout);
            var read = await stream.ReadAsync(buffer.AsMemory(total, count - total), idle.Token).ConfigureAwait(false);
            if (read == 0)
            {
                if (allowShort)
                {
                    break;
                }

                throw new EndOfStreamException("The node closed the transfer connection early.");
            }

            total += read;
        }

        return total;
    }

    private async Task<TransferWire.Outcome?> ReadOutcomeAsync(Stream stream, ReadOnlyMemory<byte> start, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        var line = new List<byte>(start.ToArray());
        var one = new byte[256];
        while (!line.Contains((byte)'\n') && line.Count < MaxOutcomeLine)
        {
            idle.CancelAfter(Options.RequestTimeout);
            int read;
            try
            {
                read = await stream.ReadAsync(one, idle.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            line.AddRange(one.AsSpan(0, read));
        }

        var end = line.IndexOf((byte)'\n');
        var frame = (end >= 0 ? line.GetRange(0, end) : line).ToArray();
        return frame.Length > 0 && TransferWire.TryParseOutcome(frame, out var outcome) ? outcome : null;
    }

    private static async Task<int> ReadFileAsync(FileStream file, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await file.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async Task<string> HashFileAsync(FileStream file, long size, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var pool = ArrayPool<byte>.Shared;
        var current = pool.Rent(TransferBufferSize);
        var next = pool.Rent(TransferBufferSize);
        try
        {
            var filled = await ReadFileAsync(file, current, TransferBufferSize, cancellationToken).ConfigureAwait(false);
            long done = 0;
            while (filled > 0)
            {
                done += filled;
                var reading = ReadFileAsync(file, next, TransferBufferSize, cancellationToken);
                hash.AppendData(current, 0, filled);
                filled = await reading.ConfigureAwait(false);
                (current, next) = (next, current);
            }

            if (done != size)
            {
                throw ActorFsException.LocalError(StatusCode.Conflict, ErrorCode.Conflict, $"The local file {file.Name} changed size while it was hashed.");
            }

            file.Position = 0;
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            pool.Return(current);
            pool.Return(next);
        }
    }

    private static void Rename(string partial, string target, bool overwrite)
    {
        try
        {
            // Without overwrite, File.Move refuses an existing target, so a file that appeared meanwhile is kept.
            File.Move(partial, target, overwrite);
        }
        catch (IOException e) when (!overwrite && File.Exists(target))
        {
            throw ActorFsException.LocalError(StatusCode.Conflict, ErrorCode.Exists, $"The local file {target} appeared during the download; it was kept.", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static ActorFsException FromOutcome(TransferWire.Outcome? outcome, string path) => outcome switch
    {
        null => new ActorFsConnectionException($"The node refused the transfer of {path} without saying why."),
        { Status: StatusCode.ChecksumMismatch } => new ActorFsIntegrityException(outcome.Message ?? $"The node received {path} with another SHA-256; nothing was stored."),
        _ => new ActorFsException(outcome.Status, outcome.Error ?? ErrorCode.Unrecognized, outcome.Message ?? $"The node refused the transfer of {path}."),
    };

    private static string Describe(Exception e) => e is OperationCanceledException ? "no data for too long" : e.Message;

    /// <summary>Reports progress at most every interval, and once at the end.</summary>
    private sealed class ProgressReporter(string path, long total, TransferOptions options, long started)
    {
        private long lastReport = long.MinValue;

        public void Report(long bytes, bool final = false)
        {
            if (options.Progress is null)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (!final && lastReport != long.MinValue && Stopwatch.GetElapsedTime(lastReport, now) < options.ProgressInterval)
            {
                return;
            }

            lastReport = now;
            options.Progress.Report(new TransferProgress(path, bytes, total, Stopwatch.GetElapsedTime(started, now)));
        }
    }
}
