using System.Collections.Concurrent;

namespace ActorFs.Node.Quotas;

/// <summary>
/// The running totals of what each user's files take, plus the bytes of uploads still in flight, so a quota
/// is checked against both. Kept in memory, changed as files change (never recomputed by walking the tree),
/// and persisted by the accounts actor. Thread-safe: sessions and transfers charge it concurrently.
/// </summary>
internal sealed class QuotaLedger
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private long _version;

    public QuotaLedger(IReadOnlyDictionary<string, Usage>? initial = null)
    {
        if (initial is null) return;
        foreach (var (user, usage) in initial) _accounts[user] = new Account { Used = usage };
    }

    /// <summary>Grows by one with every change; the persister writes when it moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    public Usage UsageOf(string user)
    {
        var account = AccountOf(user);
        lock (account) return account.Used;
    }

    /// <summary>Bytes of uploads in flight for <paramref name="user"/>.</summary>
    public long InFlightOf(string user)
    {
        var account = AccountOf(user);
        lock (account) return account.InFlight;
    }

    /// <summary>What is left under <paramref name="limits"/> after the stored files and the uploads in flight; null when unlimited.</summary>
    public long? BytesLeft(string user, QuotaLimits limits)
    {
        if (limits.Bytes is not { } quota) return null;
        var account = AccountOf(user);
        lock (account) return Math.Max(0, quota - account.Used.Bytes - account.InFlight);
    }

    /// <summary>Whether one more file of <paramref name="bytes"/> fits, counting what is in flight; the reason when not.</summary>
    public QuotaCheck CheckNewBytes(string user, QuotaLimits limits, long bytes, long newFiles)
    {
        var account = AccountOf(user);
        lock (account)
        {
            if (limits.Files is { } maxFiles && newFiles > 0 && account.Used.Files + newFiles > maxFiles)
            {
                return QuotaCheck.FileLimit(maxFiles);
            }
            if (limits.Bytes is { } quota && bytes > 0 && account.Used.Bytes + account.InFlight + bytes > quota)
            {
                return QuotaCheck.ByteLimit(quota, Math.Max(0, quota - account.Used.Bytes - account.InFlight));
            }
            return QuotaCheck.Fits;
        }
    }

    /// <summary>Starts counting an upload's bytes as they arrive; dispose to stop (after the commit has been charged).</summary>
    /// <param name="user">Whose quota the upload spends.</param>
    /// <param name="limits">The user's limits, read at every growth so a change applies at once.</param>
    /// <param name="credit">Bytes the upload may take without counting: what the file it replaces holds now.</param>
    public UploadBudget StartUpload(string user, Func<QuotaLimits> limits, long credit = 0) => new(AccountOf(user), limits, credit);

    /// <summary>Records a change that happened: a file added, replaced, grown, deleted or moved between owners.</summary>
    public void Charge(string user, Usage delta)
    {
        if (delta == default) return;
        var account = AccountOf(user);
        lock (account)
        {
            var used = account.Used + delta;
            account.Used = new Usage(Math.Max(0, used.Bytes), Math.Max(0, used.Files));
        }
        Interlocked.Increment(ref _version);
    }

    /// <summary>Replaces every total, for a recount.</summary>
    public void Reset(IReadOnlyDictionary<string, Usage> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        foreach (var account in _accounts.Values)
        {
            lock (account) account.Used = default;
        }
        foreach (var (user, usage) in totals) Charge(user, usage);
        Interlocked.Increment(ref _version);
    }

    public void Forget(string user)
    {
        _accounts.TryRemove(user, out _);
        Interlocked.Increment(ref _version);
    }

    /// <summary>The stored totals (not what is in flight), for persisting.</summary>
    public IReadOnlyDictionary<string, Usage> Snapshot()
    {
        var totals = new Dictionary<string, Usage>(StringComparer.Ordinal);
        foreach (var (user, account) in _accounts)
        {
            lock (account)
            {
                if (account.Used != default) totals[user] = account.Used;
            }
        }
        return totals;
    }

    private Account AccountOf(string user) => _accounts.GetOrAdd(user, static _ => new Account());

    /// <summary>One user's totals; its own lock guards them.</summary>
    internal sealed class Account
    {
        public Usage Used;
        public long InFlight;
    }

    /// <summary>
    /// One upload's share of its owner's quota: grows as bytes arrive, and refuses to grow past the quota (the
    /// limits are read live, so a quota lowered mid-transfer applies at once). Disposing gives the bytes back.
    /// </summary>
    internal sealed class UploadBudget(Account account, Func<QuotaLimits> limits, long credit) : IDisposable
    {
        private long _credit = Math.Max(0, credit);
        private long _held;
        private bool _disposed;

        public long Held => _held;

        /// <summary>Takes <paramref name="bytes"/> more; false (taking nothing) when they would pass the quota.</summary>
        public bool TryGrow(long bytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bytes);
            lock (account)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var fromCredit = Math.Min(_credit, bytes);
                _credit -= fromCredit;
                bytes -= fromCredit;
                if (bytes == 0) return true;
                if (limits().Bytes is { } quota && account.Used.Bytes + account.InFlight + bytes > quota)
                {
                    _credit += fromCredit;
                    return false;
                }
                account.InFlight += bytes;
                _held += bytes;
                return true;
            }
        }

        public void Dispose()
        {
            lock (account)
            {
                if (_disposed) return;
                _disposed = true;
                account.InFlight -= _held;
                _held = 0;
            }
        }
    }
}

/// <summary>The outcome of a quota check: fits, or which limit it passes and what is left.</summary>
internal readonly record struct QuotaCheck(bool Ok, string? Reason, long? BytesLeft)
{
    public static QuotaCheck Fits => new(true, null, null);

    public static QuotaCheck ByteLimit(long quota, long left) =>
        new(false, $"quota exceeded: {ByteSize.Format(left)} left of {ByteSize.Format(quota)}", left);

    public static QuotaCheck FileLimit(long maxFiles) => new(false, $"file limit reached: at most {maxFiles} files", null);
}
