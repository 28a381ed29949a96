using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace ActorFs.Node.Storage;

/// <summary>
/// The undo journal of partial writes, in the hidden folder <c>/.actorfs/journal</c>. A write in flight with id ID
/// owns up to four files: <c>ID.journal</c> (its <see cref="PartialWriteRecord"/>; its presence alone means "undo
/// me"), <c>ID.undo</c> (the bytes it overwrites), <c>ID.target</c> (a hard link to the file it changes) and,
/// briefly, <c>ID.journal-tmp</c>. A record is written to the temporary name, flushed and renamed, so it is either
/// complete or absent; it is deleted before the files it names, so it never names a file that is gone. Files of
/// no record are left by a crash before the record was written or after it was deleted, and are swept.
/// A record that cannot be trusted is set aside as <c>ID.damaged</c>, with its files, for the operator.
/// </summary>
internal sealed class PartialWriteJournal
{
    private const string RecordExtension = ".journal";
    private const string TempExtension = ".journal-tmp";
    private const string UndoExtension = ".undo";
    private const string LinkExtension = ".target";
    private const string DamagedExtension = ".damaged";
    private const int CopyBufferSize = 1 << 20;

    private readonly RootConfinement _confinement;

    public PartialWriteJournal(RootConfinement confinement)
    {
        _confinement = confinement;
        Folder = Path.Join(confinement.InternalFolder, "journal");
    }

    public string Folder { get; }

    public static string NewId() => Guid.NewGuid().ToString("N");

    public string RecordPath(string id) => Path.Join(Folder, id + RecordExtension);

    public string UndoPath(string id) => Path.Join(Folder, id + UndoExtension);

    public string LinkPath(string id) => Path.Join(Folder, id + LinkExtension);

    /// <summary>
    /// Copies [<paramref name="offset"/>, + <paramref name="length"/>) of <paramref name="file"/> to <c>ID.undo</c> and
    /// flushes it; returns its SHA-256, or null when there is nothing to save.
    /// </summary>
    public string? SaveUndo(string id, SafeFileHandle file, long offset, long length)
    {
        if (length == 0)
        {
            return null;
        }

        EnsureFolder();
        using var undo = CreateOwnerOnly(UndoPath(id));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Copy(file, offset, undo.SafeFileHandle, 0, length, hash);
        undo.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Links <c>ID.target</c> to the file at <paramref name="hostPath"/> if that is still the file with
    /// <paramref name="identity"/>. False when the filesystem refuses (another mount inside the root, no hard links)
    /// or the name now holds another file: the record then finds the file by path and identity.
    /// </summary>
    public bool TryLink(string id, string hostPath, FileIdentity identity)
    {
        EnsureFolder();
        var link = LinkPath(id);
        if (LibC.Link(hostPath, link) != 0)
        {
            return false;
        }

        if (LibC.Identity(link, out var linked) == 0 && linked == identity)
        {
            return true;
        }

        LibC.Unlink(link);
        return false;
    }

    /// <summary>Makes <paramref name="record"/> durable: written to a temporary name, flushed, renamed, the folder flushed.</summary>
    public void Write(PartialWriteRecord record)
    {
        EnsureFolder();
        var temp = Path.Join(Folder, record.Id + TempExtension);
        using (var stream = CreateOwnerOnly(temp))
        {
            stream.Write(PartialWriteRecordJson.Serialize(record));
            stream.Flush(flushToDisk: true);
        }

        if (LibC.Rename(temp, RecordPath(record.Id)) != 0)
        {
            throw new IOException("Could not write a partial-write journal record.", LibC.LastError);
        }

        FlushFolder();
    }

    /// <summary>
    /// Ends <paramref name="record"/>: the record is deleted and the deletion flushed (from here on nothing is undone),
    /// then its saved bytes and link.
    /// </summary>
    public void Complete(PartialWriteRecord record)
    {
        File.Delete(RecordPath(record.Id));
        FlushFolder();
        try
        {
            Forget(record.Id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files of no record are swept at the next start.
        }
    }

    /// <summary>
    /// Deletes every file of a write that changed nothing yet (it failed before its record was known to be durable),
    /// the record first, so no record outlives its files.
    /// </summary>
    public void Forget(string id)
    {
        File.Delete(RecordPath(id));
        File.Delete(Path.Join(Folder, id + TempExtension));
        File.Delete(UndoPath(id));
        File.Delete(LinkPath(id));
    }

    /// <summary>The ids of the records in the folder (writes interrupted by a crash, or whose undo failed).</summary>
    public IReadOnlyList<string> RecordIds() =>
        Directory.Exists(Folder)
            ? [.. Directory.EnumerateFiles(Folder, "*" + RecordExtension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Reads a record; <see cref="InvalidDataException"/> when it is unreadable or inconsistent.</summary>
    public PartialWriteRecord Read(string id) => PartialWriteRecordJson.Deserialize(File.ReadAllBytes(RecordPath(id)), id);

    /// <summary>
    /// Puts the file's bytes back as <paramref name="record"/> found them and flushes it: truncated to its original
    /// length, the saved bytes written back, the modification time set to <paramref name="lastWriteTimeUtc"/>. The
    /// saved bytes are checked against their SHA-256 before anything is written (<see cref="InvalidDataException"/>
    /// when they do not match). Idempotent.
    /// </summary>
    public void Undo(PartialWriteRecord record, SafeFileHandle file, DateTime lastWriteTimeUtc)
    {
        SafeFileHandle? undo = null;
        try
        {
            if (record.UndoLength > 0)
            {
                undo = OpenUndo(record);
            }

            RandomAccess.SetLength(file, record.OriginalLength);
            if (undo is not null)
            {
                Copy(undo, 0, file, record.Offset, record.UndoLength, hash: null);
            }

            File.SetLastWriteTimeUtc(file, lastWriteTimeUtc);
            RandomAccess.FlushToDisk(file);
        }
        finally
        {
            undo?.Dispose();
        }
    }

    /// <summary>Sets a record that cannot be trusted aside as <c>ID.damaged</c>, keeping its files; never swept.</summary>
    public void Quarantine(string id)
    {
        if (LibC.Rename(RecordPath(id), Path.Join(Folder, id + DamagedExtension)) == 0)
        {
            FlushFolder();
        }
    }

    /// <summary>Deletes every file that belongs to no record (nor damaged record); returns how many.</summary>
    public int SweepStrays()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var files = Directory.EnumerateFiles(Folder).ToList();
        var kept = files
            .Where(f => f.EndsWith(RecordExtension, StringComparison.Ordinal) || f.EndsWith(DamagedExtension, StringComparison.Ordinal))
            .Select(IdOf)
            .ToHashSet(StringComparer.Ordinal);
        var swept = 0;
        foreach (var file in files)
        {
            if (!kept.Contains(IdOf(file)))
            {
                File.Delete(file);
                swept++;
            }
        }

        return swept;
    }

    private static string IdOf(string file)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }

    private SafeFileHandle OpenUndo(PartialWriteRecord record)
    {
        SafeFileHandle undo;
        try
        {
            undo = File.OpenHandle(UndoPath(record.Id), FileMode.Open, FileAccess.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException("The saved bytes of a journal record are missing.", e);
        }

        try
        {
            _confinement.ConfirmOpened(undo, UndoPath(record.Id), record.Target, allowInternal: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (RandomAccess.GetLength(undo) != record.UndoLength
                || !string.Equals(HashOf(undo, record.UndoLength, hash), record.UndoSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("The saved bytes of a journal record do not match it.");
            }

            return undo;
        }
        catch
        {
            undo.Dispose();
            throw;
        }
    }

    private static string HashOf(SafeFileHandle file, long length, IncrementalHash hash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(CopyBufferSize, length - done)), done);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                done += read;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Copy(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, IncrementalHash? hash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(CopyBufferSize, length - done)), sourceOffset + done);
                if (read == 0)
                {
                    throw new IOException("A file ended before the bytes to copy did.");
                }

                hash?.AppendData(buffer, 0, read);
                RandomAccess.Write(target, buffer.AsSpan(0, read), targetOffset + done);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void FlushFolder()
    {
        var errno = LibC.FsyncDirectory(Folder);
        if (errno != 0)
        {
            throw new IOException("Could not flush the partial-write journal folder.", errno);
        }
    }

    private static FileStream CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private void EnsureFolder()
    {
        if (Directory.Exists(Folder) || OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var createdInternal = !Directory.Exists(_confinement.InternalFolder);
        Directory.CreateDirectory(_confinement.InternalFolder, ownerOnly);
        Directory.CreateDirectory(Folder, ownerOnly);
        LibC.FsyncDirectory(_confinement.InternalFolder);
        if (createdInternal)
        {
            LibC.FsyncDirectory(_confinement.Root);
        }
    }
}
