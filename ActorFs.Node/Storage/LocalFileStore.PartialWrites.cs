using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace ActorFs.Node.Storage;

/// <summary>
/// Partial writes: a staged upload appended to, or written at an offset of, an existing file, in place (same inode,
/// so the cost follows the bytes written, not the file's size), all or nothing across crashes through the undo
/// journal (<see cref="PartialWriteJournal"/>). Each step is durable before the next starts:
/// <list type="number">
/// <item>open the file through the confinement, lock it, save the bytes it will overwrite (<c>ID.undo</c>, flushed), hard-link it (<c>ID.target</c>);</item>
/// <item>write the record (flushed, renamed into place, folder flushed);</item>
/// <item>copy the staged bytes in, stamp the time, flush the file;</item>
/// <item>delete the record, flush the folder: the write is final (then drop its undo bytes and link).</item>
/// </list>
/// A failure once the record exists undoes the write at once (before, nothing was changed); a crash leaves a record
/// that <see cref="RecoverPartialWrites"/> undoes at the next start, before serving. An undo that fails in a running
/// node keeps its record and is retried before the next partial write to that file; one that fails at start stops the
/// start (an <see cref="IOException"/> naming the virtual path), since serving the half-written file would break the promise.
/// Concurrency: partial writes to one file (by identity, so through every name and link of it) are serialised by one
/// of <see cref="PartialWriteStripes"/> striped locks, so unrelated files sharing a stripe wait for each other too.
/// Readers are not held back: a download during the copy may see part of the new bytes, as with any in-place write.
/// </summary>
internal sealed partial class LocalFileStore
{
    private const int PartialWriteStripes = 64;

    private readonly Lock[] _partialWriteLocks = [.. Enumerable.Range(0, PartialWriteStripes).Select(_ => new Lock())];
    private readonly ConcurrentDictionary<FileIdentity, string> _pendingUndos = new();
    private PartialWriteJournal? _journal;

    /// <summary>Test seam: called between the steps of every partial write and undo.</summary>
    internal IPartialWriteFaults? PartialWriteFaults { get; init; }

    /// <summary>How many bytes the copy into the file moves per step (tests make it small to crash between chunks).</summary>
    internal int PartialWriteChunkSize { get; init; } = 1 << 20;

    /// <summary>False makes the journal find files by path and identity only, as it must where hard links fail (tests of that fallback).</summary>
    internal bool PartialWriteLinks { get; init; } = true;

    // Holds paths only, so two threads creating it at once is harmless.
    private PartialWriteJournal Journal => _journal ??= new PartialWriteJournal(_confinement);

    public FileEntry CommitAppend(IStagedUpload upload, VirtualPath target) => CommitPartialWrite(upload, target, offset: null);

    public FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset) => CommitPartialWrite(upload, target, offset);

    public int RecoverPartialWrites()
    {
        var journal = Journal;
        var undone = 0;
        foreach (var id in journal.RecordIds())
        {
            PartialWriteRecord record;
            try
            {
                record = journal.Read(id);
            }
            catch (InvalidDataException)
            {
                journal.Quarantine(id);
                continue;
            }

            try
            {
                using (var file = OpenRecordedFile(record))
                {
                    if (file is not null)
                    {
                        journal.Undo(record, file, record.OriginalLastWriteTimeUtc); // nobody has seen the changed file yet
                        ReachPartialWriteStep(PartialWriteStep.RolledBack, 0);
                        undone++;
                    }
                }

                journal.Complete(record);
            }
            catch (InvalidDataException)
            {
                journal.Quarantine(id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
            {
                // Serving a file left half-written would break the promise; the operator fixes the cause and restarts.
                var cause = StorageErrors.FromException(e, record.Target, "undo");
                throw new IOException($"Could not undo an interrupted write to {record.Target} ({cause.Message}); it is retried at the next start.", e);
            }
        }

        journal.SweepStrays();
        return undone;
    }

    private FileEntry CommitPartialWrite(IStagedUpload upload, VirtualPath target, long? offset)
    {
        var staged = OwnUpload(upload);
        ArgumentNullException.ThrowIfNull(target);
        if (staged.Committed)
        {
            throw new InvalidOperationException("This upload is already committed.");
        }

        staged.Dispose(); // the writer is done; the bytes stay staged until they are in the file
        if (offset < 0)
        {
            throw new StorageException(StorageErrorKind.InvalidPath, $"A write offset cannot be negative ({offset}): {target}", target.Value);
        }

        using var source = OpenStagedBytes(staged, target);
        using var file = OpenForPartialWrite(target, out var host);
        var identity = IdentityOf(file, target);
        HostStat after;
        lock (_partialWriteLocks[(int)((identity.Inode ^ identity.Device) % PartialWriteStripes)])
        {
            RetryPendingUndo(identity, file, target);
            var before = StatOpened(file, target);
            var start = offset ?? before.Size;
            if (start > before.Size)
            {
                throw new StorageException(StorageErrorKind.InvalidPath, $"Offset {start} is past the end of {target} ({before.Size} bytes).", target.Value);
            }

            var length = RandomAccess.GetLength(source);
            if (length > 0)
            {
                var record = new PartialWriteRecord(
                    PartialWriteJournal.NewId(),
                    offset is null ? PartialWriteKind.Append : PartialWriteKind.WriteAt,
                    target,
                    identity,
                    Linked: false,
                    before.Size,
                    before.LastWriteTimeUtc,
                    start,
                    length,
                    PartialWriteRecord.OverlapOf(before.Size, start, length),
                    UndoSha256: null,
                    DateTime.UtcNow);
                Apply(record, file, source, host);
            }

            after = StatOpened(file, target);
        }

        _digests.Invalidate(target);
        try
        {
            DiscardUpload(staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write is done; a staged file left behind is swept at the next start.
        }

        return Describe(target, after);
    }

    private void Apply(PartialWriteRecord record, SafeFileHandle file, SafeFileHandle source, string host)
    {
        var journal = Journal;
        var recorded = false;
        try
        {
            record = record with { UndoSha256 = journal.SaveUndo(record.Id, file, record.Offset, record.UndoLength) };
            ReachPartialWriteStep(PartialWriteStep.UndoSaved, 0);
            record = record with { Linked = PartialWriteLinks && journal.TryLink(record.Id, host, record.Identity) };
            journal.Write(record);
            recorded = true;
            ReachPartialWriteStep(PartialWriteStep.JournalWritten, 0);
            CopyInto(file, source, record.Offset, record.Length);
            StampChanged(file);
            ReachPartialWriteStep(PartialWriteStep.Applied, record.Length);
            RandomAccess.FlushToDisk(file);
            ReachPartialWriteStep(PartialWriteStep.FileFlushed, record.Length);
            journal.Complete(record);
        }
        catch (Exception e) when (e is not PartialWriteCrashException)
        {
            if (recorded)
            {
                UndoNow(record, file);
            }
            else
            {
                ForgetQuietly(record.Id);
            }

            if (e is IOException or UnauthorizedAccessException)
            {
                throw StorageErrors.FromException(e, record.Target, "write");
            }

            throw;
        }

        ReachPartialWriteStep(PartialWriteStep.JournalDeleted, record.Length);
    }

    private void CopyInto(SafeFileHandle file, SafeFileHandle source, long offset, long length)
    {
        var chunk = Math.Max(1, PartialWriteChunkSize);
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(chunk, length - done)), done);
                if (read == 0)
                {
                    throw new IOException("The staged bytes ended early.");
                }

                RandomAccess.Write(file, buffer.AsSpan(0, read), offset + done);
                done += read;
                ReachPartialWriteStep(PartialWriteStep.Applying, done);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The kernel stamps writes with a coarse clock (a few milliseconds), so a write inside the file (size unchanged)
    // could end with the time a reader saw mid-copy, and a digest or download checked by (size, time) would take
    // torn bytes for whole ones. A precise stamp after the last byte makes the changed file's time its own.
    private static void StampChanged(SafeFileHandle file) => File.SetLastWriteTimeUtc(file, DateTime.UtcNow);

    // After a failure: put the old bytes back now, with a new time (readers may have seen the half-changed file, so
    // the old time would vouch for bytes they did not read). If that fails too, the record stays for the next start, and the
    // next partial write to this file first retries it (so a later write is never undone by this stale record).
    private void UndoNow(PartialWriteRecord record, SafeFileHandle file)
    {
        try
        {
            Journal.Undo(record, file, DateTime.UtcNow);
            ReachPartialWriteStep(PartialWriteStep.RolledBack, 0);
            Journal.Complete(record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _pendingUndos[record.Identity] = record.Id;
        }
    }

    private void RetryPendingUndo(FileIdentity identity, SafeFileHandle file, VirtualPath target)
    {
        if (!_pendingUndos.TryGetValue(identity, out var id))
        {
            return;
        }

        try
        {
            var record = Journal.Read(id);
            Journal.Undo(record, file, DateTime.UtcNow);
            ReachPartialWriteStep(PartialWriteStep.RolledBack, 0);
            Journal.Complete(record);
        }
        catch (FileNotFoundException)
        {
            // Already resolved.
        }
        catch (InvalidDataException)
        {
            Journal.Quarantine(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(StorageErrorKind.IoError, $"An earlier write to {target} could not be undone yet; try again later.", target.Value, e);
        }

        _pendingUndos.TryRemove(identity, out _);
    }

    private void ForgetQuietly(string id)
    {
        try
        {
            Journal.Forget(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files of no record are swept at the next start.
        }
    }

    private void ReachPartialWriteStep(PartialWriteStep step, long bytesApplied) => PartialWriteFaults?.Reached(step, bytesApplied);

    private SafeFileHandle OpenForPartialWrite(VirtualPath target, out string host)
    {
        if (target.IsRoot)
        {
            throw StorageErrors.NotAFile(target);
        }

        host = _confinement.ResolveExisting(target); // the internal folder answers NotFound, links out OutsideRoot
        if (StatHost(host, target, followLinks: true).Kind != HostEntryKind.RegularFile)
        {
            throw StorageErrors.NotAFile(target);
        }

        return OpenRegularFile(host, target, FileAccess.ReadWrite, allowInternal: false);
    }

    private SafeFileHandle OpenStagedBytes(LocalStagedUpload staged, VirtualPath target) =>
        OpenRegularFile(staged.StagingPath, target, FileAccess.Read, allowInternal: true);

    // The file the record changed: through its link, or at its path if that still holds the same file. Null when
    // there is nothing left to undo (the file was deleted, or its name now holds another file).
    private SafeFileHandle? OpenRecordedFile(PartialWriteRecord record)
    {
        SafeFileHandle file;
        if (record.Linked)
        {
            var link = Journal.LinkPath(record.Id);
            if (!File.Exists(link))
            {
                throw new InvalidDataException("The link of a journal record is missing.");
            }

            file = OpenRegularFile(link, record.Target, FileAccess.ReadWrite, allowInternal: true);
        }
        else
        {
            try
            {
                file = OpenForPartialWrite(record.Target, out _);
            }
            catch (StorageException e) when (e.Kind is StorageErrorKind.NotFound or StorageErrorKind.NotADirectory or StorageErrorKind.NotAFile or StorageErrorKind.OutsideRoot)
            {
                return null;
            }
        }

        if (IdentityOf(file, record.Target) == record.Identity)
        {
            return file;
        }

        file.Dispose();
        return record.Linked ? throw new InvalidDataException("The link of a journal record names another file.") : null;
    }

    private SafeFileHandle OpenRegularFile(string host, VirtualPath path, FileAccess access, bool allowInternal)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(host, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.FromException(e, path, "open");
        }

        _confinement.ConfirmOpened(file, host, path, allowInternal);
        if (LibC.Stat(file, out var stat) != 0 || stat.Kind != HostEntryKind.RegularFile)
        {
            file.Dispose();
            throw StorageErrors.NotAFile(path);
        }

        return file;
    }

    private static FileIdentity IdentityOf(SafeFileHandle file, VirtualPath path)
    {
        var errno = LibC.Identity(file, out var identity);
        return errno == 0 ? identity : throw StorageErrors.FromErrno(errno, path, "stat");
    }

    private static HostStat StatOpened(SafeFileHandle file, VirtualPath path)
    {
        var errno = LibC.Stat(file, out var stat);
        return errno == 0 ? stat : throw StorageErrors.FromErrno(errno, path, "stat");
    }
}
