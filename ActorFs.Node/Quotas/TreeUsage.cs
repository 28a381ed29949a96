using ActorFs.Node.Storage;

namespace ActorFs.Node.Quotas;

/// <summary>What a file or a whole folder takes, counted by walking it: for moves between owners and for recounts only.</summary>
internal static class TreeUsage
{
    /// <summary>The usage of <paramref name="path"/>; zero when it does not exist.</summary>
    public static Usage Measure(IFileStore store, VirtualPath path)
    {
        ArgumentNullException.ThrowIfNull(store);
        FileEntry entry;
        try
        {
            entry = store.Stat(path);
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.NotFound or StorageErrorKind.NotADirectory)
        {
            return default;
        }
        return entry.Kind switch
        {
            FileKind.File => new Usage(entry.Size, 1),
            FileKind.Directory => MeasureDirectory(store, path),
            _ => default,
        };
    }

    private static Usage MeasureDirectory(IFileStore store, VirtualPath root)
    {
        var total = default(Usage);
        var pending = new Stack<VirtualPath>();
        pending.Push(root);
        while (pending.TryPop(out var directory))
        {
            string? after = null;
            do
            {
                var page = store.List(directory, new PageRequest(Limit: 1000, After: after));
                foreach (var entry in page.Entries)
                {
                    if (entry.Kind == FileKind.File) total += new Usage(entry.Size, 1);
                    else if (entry.Kind == FileKind.Directory) pending.Push(entry.Path);
                }
                after = page.NextCursor;
            }
            while (after is not null);
        }
        return total;
    }
}
