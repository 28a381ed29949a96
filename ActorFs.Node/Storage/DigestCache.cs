using System.Collections.Concurrent;

namespace ActorFs.Node.Storage;

/// <summary>
/// SHA-256 digests by virtual path, each valid only while the file keeps the size and modification time it
/// had when hashed, so a repeat download does not rehash. Bounded: when full, an arbitrary entry makes room
/// (a miss only costs a rehash). Thread-safe.
/// </summary>
internal sealed class DigestCache
{
    private readonly ConcurrentDictionary<VirtualPath, Entry> _entries = new();
    private readonly int _capacity;

    public DigestCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Count => _entries.Count;

    /// <summary>The digest recorded for <paramref name="path"/> if it was recorded for this exact size and time.</summary>
    public string? Get(VirtualPath path, long size, DateTime lastWriteTimeUtc) =>
        _entries.TryGetValue(path, out var entry) && entry.Size == size && entry.LastWriteTimeUtc == lastWriteTimeUtc
            ? entry.Sha256
            : null;

    public void Record(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256)
    {
        if (!_entries.ContainsKey(path))
        {
            // Evict until there is room; concurrent writers can overshoot by at most one entry each.
            foreach (var key in _entries.Keys)
            {
                if (_entries.Count < _capacity)
                {
                    break;
                }

                _entries.TryRemove(key, out _);
            }
        }

        _entries[path] = new Entry(size, lastWriteTimeUtc, sha256);
    }

    /// <summary>Forgets <paramref name="path"/> and everything below it (a directory moved or removed).</summary>
    public void Invalidate(VirtualPath path)
    {
        _entries.TryRemove(path, out _);
        foreach (var key in _entries.Keys)
        {
            if (key.IsSameOrUnder(path))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(long Size, DateTime LastWriteTimeUtc, string Sha256);
}
