namespace ActorFs.Node.Storage;

/// <summary>
/// What identifies a resumable upload: who uploads (null: anonymous), where to, how many bytes and which
/// content. Only an upload that declared both its size and its SHA-256 has one; two uploads with the same key
/// would store the same bytes under the same name for the same owner, so the staged part of one serves the other.
/// </summary>
internal readonly record struct UploadKey(string? Owner, VirtualPath Target, long Size, string Sha256)
{
    public static UploadKey? For(UploadIntent? intent) => intent is { DeclaredSize: { } size, DeclaredSha256: { } sha }
        ? new UploadKey(intent.Owner, intent.Target, size, sha.ToLowerInvariant())
        : null;

    /// <summary>Whether <paramref name="length"/> staged bytes are worth keeping for this key: some, and no more than declared.</summary>
    public bool Holds(long length) => length > 0 && length <= Size;

    public UploadIntent ToIntent() => new(Target, Owner, Size, Sha256);
}

/// <summary>
/// The staged uploads that can be resumed, at most one per <see cref="UploadKey"/>, each either held by the
/// transfer writing to it or kept (idle) for a later resume. Every change happens under one lock, so a kept
/// upload is claimed, replaced or expired by exactly one caller. The files are the store's to create and delete.
/// </summary>
internal sealed class ResumableUploads
{
    /// <summary>The name under which <see cref="KeptBytesByOwner"/> counts anonymous uploads (no user name is empty).</summary>
    public const string AnonymousOwner = "";

    private readonly Lock _lock = new();
    private readonly Dictionary<UploadKey, Slot> _slots = [];

    /// <summary>
    /// Registers a fresh upload as held. A kept upload of the same key is replaced: its id comes back in
    /// <paramref name="replaced"/> for the caller to delete. False when another transfer holds the key; the new
    /// upload is then not resumable (it is discarded if interrupted, as before resume existed).
    /// </summary>
    public bool TryRegister(UploadKey key, string id, out string? replaced)
    {
        lock (_lock)
        {
            replaced = null;
            if (_slots.TryGetValue(key, out var slot))
            {
                if (slot.Held) return false;
                replaced = slot.Id;
            }

            _slots[key] = new Slot(id, 0, DateTime.MinValue, Held: true);
            return true;
        }
    }

    /// <summary>The upload registered under <paramref name="key"/>, kept or held, or null.</summary>
    public KeptUpload? Find(UploadKey key)
    {
        lock (_lock)
        {
            return _slots.TryGetValue(key, out var slot) ? new KeptUpload(key.ToIntent(), slot.Length, slot.LastWriteUtc, slot.Held) : null;
        }
    }

    /// <summary>Claims the kept upload of <paramref name="key"/> for one transfer; false when none is kept or a transfer holds it.</summary>
    public bool TryClaim(UploadKey key, out string id)
    {
        lock (_lock)
        {
            if (_slots.TryGetValue(key, out var slot) && !slot.Held)
            {
                _slots[key] = slot with { Held = true };
                id = slot.Id;
                return true;
            }

            id = "";
            return false;
        }
    }

    /// <summary>Turns the held upload <paramref name="id"/> into a kept one; false when it does not hold <paramref name="key"/>.</summary>
    public bool Release(UploadKey key, string id, long length, DateTime lastWriteUtc)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(key, out var slot) || slot.Id != id) return false;
            _slots[key] = new Slot(id, length, lastWriteUtc, Held: false);
            return true;
        }
    }

    /// <summary>Forgets upload <paramref name="id"/> (committed or discarded); a no-op when it does not hold <paramref name="key"/>.</summary>
    public void Remove(UploadKey key, string id)
    {
        lock (_lock)
        {
            if (_slots.TryGetValue(key, out var slot) && slot.Id == id) _slots.Remove(key);
        }
    }

    /// <summary>
    /// Adds an upload found in the staging area as kept. False when another upload already has the key (the
    /// caller deletes this one); true, changing nothing, when this very upload has it.
    /// </summary>
    public bool AddKept(UploadKey key, string id, long length, DateTime lastWriteUtc)
    {
        lock (_lock)
        {
            if (_slots.TryGetValue(key, out var slot)) return slot.Id == id;
            _slots[key] = new Slot(id, length, lastWriteUtc, Held: false);
            return true;
        }
    }

    /// <summary>Forgets the kept (not held) uploads whose last byte was written before <paramref name="writtenBeforeUtc"/> and returns their ids.</summary>
    public IReadOnlyList<string> TakeKeptWrittenBefore(DateTime writtenBeforeUtc)
    {
        lock (_lock)
        {
            var expired = _slots.Where(s => !s.Value.Held && s.Value.LastWriteUtc < writtenBeforeUtc).ToList();
            foreach (var (key, _) in expired) _slots.Remove(key);
            return [.. expired.Select(s => s.Value.Id)];
        }
    }

    /// <summary>Bytes held by kept (not held) uploads, per owner; anonymous uploads count under <see cref="AnonymousOwner"/>.</summary>
    public IReadOnlyDictionary<string, long> KeptBytesByOwner()
    {
        lock (_lock)
        {
            var totals = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, slot) in _slots)
            {
                if (slot.Held) continue;
                var owner = key.Owner ?? AnonymousOwner;
                totals[owner] = totals.GetValueOrDefault(owner) + slot.Length;
            }

            return totals;
        }
    }

    private sealed record Slot(string Id, long Length, DateTime LastWriteUtc, bool Held);
}
