namespace ActorFs.Node.Storage;

/// <summary>The points of a partial write (and of its undo) at which a <see cref="IPartialWriteFaults"/> hook is called, in order.</summary>
internal enum PartialWriteStep
{
    /// <summary>The overwritten bytes are saved (and flushed) in the journal folder; no record yet.</summary>
    UndoSaved,

    /// <summary>The record is durable; the file is still untouched.</summary>
    JournalWritten,

    /// <summary>After each chunk copied into the file; the hook's second argument says how many bytes are in.</summary>
    Applying,

    /// <summary>Every byte is in the file, not yet flushed.</summary>
    Applied,

    /// <summary>The file is flushed to disk; the record still exists.</summary>
    FileFlushed,

    /// <summary>The record is deleted: the write is final.</summary>
    JournalDeleted,

    /// <summary>An undo (after a failure, or at recovery) has put the old bytes back and flushed them; the record still exists.</summary>
    RolledBack,
}

/// <summary>
/// A test seam: called by <see cref="LocalFileStore"/> between the steps of every partial write. Throw
/// <see cref="PartialWriteCrashException"/> to stop the store as a crash would (no clean-up, no undo); throw anything
/// else to make the step fail as a real error would (the store undoes the write at once).
/// </summary>
internal interface IPartialWriteFaults
{
    void Reached(PartialWriteStep step, long bytesApplied);
}

/// <summary>Thrown by a test's <see cref="IPartialWriteFaults"/> hook: the store lets it through untouched, as if the process had died there.</summary>
internal sealed class PartialWriteCrashException : Exception
{
    public PartialWriteCrashException()
        : base("Injected crash in a partial write.")
    {
    }

    public PartialWriteCrashException(string message)
        : base(message)
    {
    }

    public PartialWriteCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
