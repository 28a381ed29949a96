using System.Diagnostics;
using System.Security.Cryptography;
using ActorFs.Actors;
using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Settings;
using ActorFs.Node.Access;
using ActorFs.Node.Quotas;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Transfers;

/// <summary>
/// One get or put, a child of its session.
/// <code>
///   AwaitingConnection --TransferConnection--> Streaming --copy done--> (upload: verify, commit) --> stopped
///          |  connect timeout / token expired        |  idle timeout / failure / cancel
///          +------------------------------------------+--> Failed: staged data kept or discarded, session told --> stopped
/// </code>
/// The copy loop runs as a task outside the mailbox (the fast data path); its progress and its end come
/// back as messages. Stopping the actor, for any reason, cancels the loop. An upload with a plan offset resumes
/// a kept one, claimed when the actor starts; the whole-file digest covers the kept bytes, read back first.
/// An uncommitted upload that was interrupted (connection lost, timeout, cancel, stop) while resumable is kept
/// for a later resume once the loop has stopped writing; a refused or mismatching one is discarded.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed class Transfer : ReceiveActor, IWithTimers
{
    private const string ConnectTimer = "connect";
    private const string IdleTimer = "idle";

    private readonly string _id;
    private readonly TransferPlan _plan;
    private readonly IFileStore _store;
    private readonly TransferSettings _settings;
    private readonly NodeAccess? _access;
    private readonly CancellationTokenSource _cancellation = new();
    private QuotaLedger.UploadBudget? _budget;
    private readonly Stopwatch _clock = new();
    private ILoggingAdapter _log = null!;
    private TransferConnection? _connection;
    private IStagedUpload? _staged;
    private Task<PipelineResult>? _copy;
    private bool _copied;
    private bool _finished;
    private IScheduler _scheduler = null!;
    private long _lastReportMs = long.MinValue;

    /// <param name="access">The node's accounts, whose quota an upload to a user's folder spends as it runs; null: no quotas.</param>
    public Transfer(string id, TransferPlan plan, IFileStore store, TransferSettings settings, NodeAccess? access = null)
    {
        _id = id;
        _plan = plan;
        _store = store;
        _settings = settings;
        _access = access;
        AwaitingConnection();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string id, TransferPlan plan, IFileStore store, TransferSettings settings, NodeAccess? access = null) =>
        ActorFs.Actors.Props.Create(() => new Transfer(id, plan, store, settings, access));

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        _scheduler = Context.System.Scheduler;
        Timers.StartSingleTimer(ConnectTimer, ConnectTimedOut.Instance, _settings.ConnectTimeout);
        if (_plan.Direction == TransferDirection.Upload && _plan.Offset > 0) ClaimKeptUpload();
    }

    protected override void PostStop()
    {
        _cancellation.Cancel();
        _budget?.Dispose();
        // Stopped before the copy ended (the session went, a crash elsewhere): an interruption. Stopped after it
        // (a crash while verifying or committing): the bytes are not worth a resume.
        LetGoOfStaged(interrupted: !_copied);
        if (!_finished) _connection?.Socket.Dispose();
        _connection?.Stream.Dispose();
        _cancellation.Dispose();
    }

    private void AwaitingConnection()
    {
        Receive<TransferConnection>(OnConnection);
        Receive<ConnectTimedOut>(_ => Fail(StatusCode.Timeout, ErrorCode.Timeout, "The client did not connect to the transfer port in time.", interrupted: true));
        Receive<TokenRegistry.Expired>(_ => Fail(StatusCode.Timeout, ErrorCode.Timeout, "The transfer token expired before the client connected.", interrupted: true));
        Receive<CancelTransfer>(c => Fail(c.Status, c.Error, c.Reason, interrupted: true));
    }

    private void Streaming()
    {
        Receive<Progressed>(p =>
        {
            Timers.StartSingleTimer(IdleTimer, IdleTimedOut.Instance, _settings.IdleTimeout);
            Context.Parent.Tell(new TransferReport.Progress(_id, _plan.Offset + p.Bytes, _plan.Size));
        });
        Receive<PipelineResult>(result =>
        {
            _copied = true;
            OnCopied(result);
        });
        Receive<Status.Failure>(f => FailFromException(f.Cause));
        Receive<IdleTimedOut>(_ => Fail(StatusCode.Timeout, ErrorCode.Timeout, $"No data moved for {_settings.IdleTimeout.TotalSeconds:0} s.", interrupted: true));
        Receive<CancelTransfer>(c => Fail(c.Status, c.Error, c.Reason, interrupted: true));
        Receive<TransferConnection>(extra => extra.Stream.Dispose());
    }

    private void OnConnection(TransferConnection connection)
    {
        _connection = connection;
        Timers.Cancel(ConnectTimer);
        Timers.StartSingleTimer(IdleTimer, IdleTimedOut.Instance, _settings.IdleTimeout);
        _clock.Start();
        Become(Streaming);
        try
        {
            var copy = _plan.Direction == TransferDirection.Download ? StartDownload(connection) : StartUpload(connection);
            _copy = copy;
            copy.PipeTo(Self);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            FailFromException(e);
        }
    }

    private Task<PipelineResult> StartDownload(TransferConnection connection)
    {
        var opened = _store.OpenRead(_plan.Path);
        if (opened.Length != _plan.Size || (_plan.LastWriteTimeUtc is { } mtime && opened.LastWriteTimeUtc != mtime))
        {
            opened.Dispose();
            throw new StorageException(StorageErrorKind.AlreadyExists, $"{_plan.Path.Value} changed after the transfer was offered; ask again.", _plan.Path.Value);
        }
        var source = opened.OpenStream();
        source.Position = _plan.Offset;
        var token = _cancellation.Token;
        var limit = opened.Length - _plan.Offset;
        // The command took the digest from the cache (or computed it) for exactly this size and time, and the open
        // file still has them: hashing again while sending would only repeat that work. The end is checked instead.
        var hashSide = DigestIsKnown ? HashSide.None : HashSide.Reader;
        return Run(async () =>
        {
            using (opened)
            await using (source.ConfigureAwait(false))
            {
                var result = await TransferPipeline.CopyAsync(source, connection.Stream, limit, _settings.BufferSize, hashSide, ReportProgress, token)
                    .ConfigureAwait(false);
                if (result.Sha256 is null) EnsureStillAsPlanned(opened);
                return result;
            }
        });
    }

    /// <summary>A whole-file download whose digest came with the plan for the file's size and modification time.</summary>
    private bool DigestIsKnown => _plan.Offset == 0 && _plan.Sha256 is not null && _plan.Size is not null && _plan.LastWriteTimeUtc is not null;

    /// <summary>Fails unless the open file still has the size and modification time the digest belongs to (fstat of the handle that was read).</summary>
    private void EnsureStillAsPlanned(OpenedFile opened)
    {
        if (LibC.Stat(opened.Handle, out var now) != 0 || now.Size != _plan.Size || now.LastWriteTimeUtc != _plan.LastWriteTimeUtc)
        {
            throw new StorageException(StorageErrorKind.AlreadyExists, $"{_plan.Path.Value} changed while it was being sent; download it again.", _plan.Path.Value);
        }
    }

    private Task<PipelineResult> StartUpload(TransferConnection connection)
    {
        var declared = _plan.Sha256 ?? connection.DeclaredSha256;
        _staged ??= _store.BeginUpload(UploadIntents.For(_plan, declared));
        var staged = _staged;
        var resumed = staged as IResumedUpload;
        var kept = resumed?.KeptBytes ?? 0;
        var token = _cancellation.Token;
        var input = new PrefixedReadStream(connection.Leftover, connection.Stream);
        var destination = LimitedByQuota(staged.Content);
        return Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (kept > 0)
            {
                // The digest is of the whole file, so the kept part is read back first. Reporting no new bytes
                // while it is read holds off the idle timer on a large part.
                await resumed!.HashKeptBytesAsync(hash, _ => ReportProgress(0), token).ConfigureAwait(false);
            }
            await connection.Stream.WriteAsync(TransferWire.ReadyFlag.ToArray(), token).ConfigureAwait(false);
            await connection.Stream.FlushAsync(token).ConfigureAwait(false);
            // Progress (which also keeps the idle timer from firing) counts bytes as they arrive from the network,
            // not as buffers fill: a slow peer still moves bytes while a large buffer waits to be filled.
            var result = await TransferPipeline.CopyAsync(input, destination, _plan.Size - kept, _settings.BufferSize, HashSide.Writer, null, token, hash, onReceived: ReportProgress)
                .ConfigureAwait(false);
            // The file's bytes must be on disk before the rename can make them visible under the final name.
            await staged.Content.FlushAsync(token).ConfigureAwait(false);
            return result;
        });
    }

    /// <summary>An upload into a user's folder spends that user's quota byte by byte, so it is cut the moment it would pass it.</summary>
    private Stream LimitedByQuota(Stream content)
    {
        if (_access is null || _plan.QuotaOwner is not { } owner) return content;
        var replaced = 0L;
        if (_plan.Partial is { Append: false } range)
        {
            // A ranged write spends quota only where it runs past the end of the file.
            replaced = Math.Max(0, Math.Min(_plan.Size ?? 0, SizeOf(_plan.Path) - range.At));
        }
        else if (_plan.Overwrite)
        {
            replaced = SizeOf(_plan.Path);
        }
        _budget = _access.Ledger.StartUpload(owner, () => _access.LimitsOf(owner), credit: replaced);
        return new QuotaLimitedStream(content, _budget, _plan.Path);
    }

    private long SizeOf(VirtualPath path)
    {
        try
        {
            return _store.Stat(path).Size;
        }
        catch (StorageException)
        {
            return 0;
        }
    }

    /// <summary>
    /// A resume: takes the kept upload the put command found, before the client can connect. Another transfer
    /// may have taken it, or changed it, since the command looked: then the client must ask again.
    /// </summary>
    private void ClaimKeptUpload()
    {
        IResumedUpload? kept;
        try
        {
            kept = _store.ResumeUpload(UploadIntents.For(_plan, _plan.Sha256));
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            FailFromException(e);
            return;
        }
        if (kept is null || kept.KeptBytes != _plan.Offset)
        {
            if (kept is not null) _store.KeepUpload(kept);
            Fail(StatusCode.Conflict, ErrorCode.Conflict, $"The kept part of {_plan.Path.Value} changed or is in use by another transfer; ask again.");
            return;
        }
        _staged = kept;
    }

    private static Task<PipelineResult> Run(Func<Task<PipelineResult>> copy) => Task.Run(copy);

    /// <summary>
    /// Called from the copy loop: throttled to the progress interval, and the only thing it does is Tell. Time is
    /// the actor system's clock, like the idle timer this progress holds off.
    /// </summary>
    private void ReportProgress(long bytes)
    {
        var now = (long)_scheduler.MonotonicClock.TotalMilliseconds;
        var last = Interlocked.Read(ref _lastReportMs);
        var due = last == long.MinValue || now - last >= (long)_settings.ProgressInterval.TotalMilliseconds;
        if (!due && bytes != (_plan.Size ?? -1) - _plan.Offset) return;
        if (Interlocked.CompareExchange(ref _lastReportMs, now, last) == last) Self.Tell(new Progressed(bytes), ActorRefs.NoSender);
    }

    private void OnCopied(PipelineResult result)
    {
        Timers.Cancel(IdleTimer);
        if (_plan.Direction == TransferDirection.Download) FinishDownload(result);
        else FinishUpload(result);
    }

    private void FinishDownload(PipelineResult result)
    {
        if (result.Sha256 is null)
        {
            // Not hashed while sending: the digest was known, and the copy checked that the file kept its size and time.
            Succeed(result.Bytes, _plan.Sha256!, outcome: null);
            return;
        }
        string sha = result.Sha256;
        if (_plan.Offset == 0 && _plan.Size is { } size && _plan.LastWriteTimeUtc is { } mtime)
        {
            if (_plan.Sha256 is { } expected && !string.Equals(expected, sha, StringComparison.Ordinal))
            {
                Fail(StatusCode.Conflict, ErrorCode.Conflict, $"{_plan.Path.Value} changed while it was being sent; download it again.");
                return;
            }
            _store.RecordDigest(_plan.Path, size, mtime, sha);
        }
        else if (_plan.Sha256 is { } whole)
        {
            sha = whole;
        }
        Succeed(result.Bytes, sha, outcome: null);
    }

    private void FinishUpload(PipelineResult result)
    {
        var staged = _staged!;
        var declared = _plan.Sha256 ?? _connection!.DeclaredSha256;
        if (_plan.Protocol == ProtocolMode.Legacy && declared is null)
        {
            Fail(StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, "The upload declared no SHA-256, so it cannot be verified; nothing was stored.");
            return;
        }
        var received = result.Sha256!;
        if (declared is not null && !string.Equals(declared, received, StringComparison.OrdinalIgnoreCase))
        {
            var what = _plan.Offset > 0 ? "The file's SHA-256 (the kept part and the bytes sent now) differs from the declared one; nothing was stored and the kept part was discarded."
                : "The upload's SHA-256 differs from the declared one; nothing was stored.";
            Fail(StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, what);
            return;
        }
        try
        {
            switch (_plan.Partial)
            {
                case null:
                    _store.CommitUpload(staged, _plan.Overwrite, received);
                    break;
                case { Append: true }:
                    _store.CommitAppend(staged, _plan.Path);
                    break;
                case { } range:
                    _store.CommitWriteAt(staged, _plan.Path, range.At);
                    break;
            }
            _staged = null;
            // Charged by the commit: what was in flight is now stored.
            _budget?.Dispose();
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            FailFromException(e);
            return;
        }
        Succeed(result.Bytes, received, TransferWire.Outcome.Stored(_plan.Offset + result.Bytes, received));
    }

    private void Succeed(long bytes, string sha256, TransferWire.Outcome? outcome)
    {
        _finished = true;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-6);
        _log.Info("Transfer {TransferId} {Direction} {Path}: {Bytes} bytes in {Seconds:0.000} s ({Rate:0.0} MB/s) with {Remote}, sha256 {Sha256}",
            _id, _plan.Direction, _plan.Path.Value, bytes, seconds, bytes / seconds / 1e6, _connection?.Remote, sha256);
        Context.Parent.Tell(new TransferReport.Verified(_id, _plan.Path.Value, _plan.Offset + bytes, sha256));
        CloseConnection(outcome);
    }

    private void FailFromException(Exception cause)
    {
        var (status, error, message) = TransferErrors.Describe(cause, _plan.Path);
        if (status == StatusCode.Internal) _log.Error(cause, "Transfer {TransferId} of {Path} failed", _id, _plan.Path.Value);
        Fail(status, error, message, TransferErrors.IsInterruption(cause));
    }

    /// <param name="interrupted">The transfer was cut short (connection, time, cancel) rather than refused or found wrong: a resumable upload is kept.</param>
    private void Fail(StatusCode status, ErrorCode error, string message, bool interrupted = false)
    {
        if (_finished) return;
        _finished = true;
        _cancellation.Cancel();
        LetGoOfStaged(interrupted);
        _log.Warning("Transfer {TransferId} {Direction} {Path} failed ({Error}): {Message}", _id, _plan.Direction, _plan.Path.Value, error, message);
        Context.Parent.Tell(new TransferReport.Failed(_id, status, error, message));
        CloseConnection(_plan.Protocol == ProtocolMode.V2 && _plan.Direction == TransferDirection.Upload ? TransferWire.Outcome.Failed(error, message) : null);
    }

    /// <summary>Writes the v2 outcome line if there is one, then ends the connection and this actor.</summary>
    private void CloseConnection(TransferWire.Outcome? outcome)
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            _ = FinishConnectionAsync(connection, outcome);
        }
        Context.Stop(Self);
    }

    private static async Task FinishConnectionAsync(TransferConnection connection, TransferWire.Outcome? outcome)
    {
        try
        {
            if (outcome is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await connection.Stream.WriteAsync(TransferWire.EncodeOutcome(outcome), timeout.Token).ConfigureAwait(false);
                await connection.Stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away; there is nobody left to tell.
        }
        finally
        {
            await connection.Stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends this transfer's hold on its staged upload: an interrupted one is offered to the store to keep for a
    /// resume (which keeps only resumable uploads with some bytes, and only while keeping is enabled), but only
    /// once the copy loop has stopped writing to it; anything else is discarded at once.
    /// </summary>
    private void LetGoOfStaged(bool interrupted)
    {
        if (_staged is not { } staged) return;
        _staged = null;
        if (!interrupted || _settings.KeepPartialUploads <= TimeSpan.Zero || UploadKey.For(staged.Intent) is null)
        {
            TryDiscard(staged);
            return;
        }
        var copy = _copy;
        if (copy is null || copy.IsCompleted)
        {
            TryKeep(staged);
            return;
        }
        _ = copy.ContinueWith(_ => TryKeep(staged), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>May run on the thread pool after the actor stopped: it touches only the store and the logger.</summary>
    private void TryKeep(IStagedUpload staged)
    {
        try
        {
            if (_store.KeepUpload(staged))
            {
                _log.Info("Kept {Bytes} bytes of the interrupted upload of {Path} for a resume", staged.BytesWritten, staged.Intent.Target.Value);
            }
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not keep or discard the staged upload of transfer {TransferId}; the start-up sweep will decide", _id);
        }
    }

    private void TryDiscard(IStagedUpload staged)
    {
        try
        {
            _store.DiscardUpload(staged);
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not discard the staged upload of transfer {TransferId}; the start-up sweep will remove it", _id);
        }
    }

    private sealed record Progressed(long Bytes);

    private sealed class ConnectTimedOut
    {
        public static readonly ConnectTimedOut Instance = new();
    }

    private sealed class IdleTimedOut
    {
        public static readonly IdleTimedOut Instance = new();
    }
}

/// <summary>Maps what can go wrong in a copy to the status, code and sentence a client sees.</summary>
internal static class TransferErrors
{
    public static (StatusCode Status, ErrorCode Error, string Message) Describe(Exception cause, VirtualPath path) => cause switch
    {
        StorageException { Kind: StorageErrorKind.InsufficientStorage } s => (StatusCode.InsufficientStorage, ErrorCode.InsufficientStorage, s.Message),
        StorageException { Kind: StorageErrorKind.InvalidPath } s => (StatusCode.BadRequest, ErrorCode.BadRequest, s.Message),
        StorageException { Kind: StorageErrorKind.AlreadyExists } s => (StatusCode.Conflict, ErrorCode.Exists, s.Message),
        StorageException { Kind: StorageErrorKind.NotFound } s => (StatusCode.NotFound, ErrorCode.NotFound, s.Message),
        StorageException { Kind: StorageErrorKind.OutsideRoot or StorageErrorKind.Reserved or StorageErrorKind.PermissionDenied } s => (StatusCode.Forbidden, ErrorCode.Forbidden, s.Message),
        StorageException s => (StatusCode.Internal, ErrorCode.Internal, s.Message),
        EndOfStreamException e => (StatusCode.BadRequest, ErrorCode.BadRequest, e.Message),
        IOException e when IsDiskFull(e) => (StatusCode.InsufficientStorage, ErrorCode.InsufficientStorage, $"Not enough space to store {path.Value}."),
        IOException or OperationCanceledException => (StatusCode.Gone, ErrorCode.Gone, "The transfer connection was lost."),
        CryptographicException => (StatusCode.Internal, ErrorCode.Internal, "The transfer failed in the node."),
        _ => (StatusCode.Internal, ErrorCode.Internal, "The transfer failed in the node."),
    };

    /// <summary>
    /// Whether <paramref name="cause"/> cut the transfer short rather than refused it: the peer went, the
    /// connection broke, or the copy was cancelled. A full disk is a refusal.
    /// </summary>
    public static bool IsInterruption(Exception cause) => cause switch
    {
        IOException e when IsDiskFull(e) => false,
        IOException or OperationCanceledException => true,
        _ => false,
    };

    private static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}
