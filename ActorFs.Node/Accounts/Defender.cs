namespace ActorFs.Node.Accounts;

/// <summary>
/// The defence against password guessing: counts failed sign-ins per client address and per user name; the
/// <see cref="AccountSettings.MaxFailures"/>-th failure within <see cref="AccountSettings.FailureWindow"/>
/// (counted from the first failure of the window) bans that address or name for
/// <see cref="AccountSettings.BanDuration"/>. A success clears the counts of its address and name. Names
/// that cannot exist (<see cref="UserNames"/>) are not tracked by name, only by address.
/// Pure and not thread-safe: time is passed in (an actor feeds it its scheduler's clock, tests virtual time),
/// and memory stays bounded: finished records are pruned, and at most <c>maxTrackedKeys</c> records are kept,
/// evicting the stalest unbanned ones first.
/// </summary>
internal sealed class Defender
{
    public const int DefaultMaxTrackedKeys = 100_000;

    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly AccountSettings _settings;
    private readonly int _maxTrackedKeys;

    public Defender(AccountSettings settings, int maxTrackedKeys = DefaultMaxTrackedKeys)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrackedKeys, 2);
        _settings = settings;
        _maxTrackedKeys = maxTrackedKeys;
    }

    /// <summary>How many addresses and names are tracked now.</summary>
    public int TrackedKeys => _counters.Count;

    /// <summary>Until when a sign-in from <paramref name="address"/> as <paramref name="name"/> is refused, or null when it may proceed.</summary>
    public DateTime? IsBanned(string address, string? name, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Latest(BanOf(AddressKey(address), now), NameKey(name) is { } key ? BanOf(key, now) : null);
    }

    /// <summary>Counts a failed sign-in; returns until when the address or name is now banned, or null when neither is.</summary>
    public DateTime? RecordFailure(string address, string? name, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(address);
        var byAddress = Fail(AddressKey(address), now);
        var byName = NameKey(name) is { } key ? Fail(key, now) : null;
        return Latest(byAddress, byName);
    }

    /// <summary>Clears the failure counts of the address and name of a successful sign-in.</summary>
    public void RecordSuccess(string address, string? name)
    {
        ArgumentNullException.ThrowIfNull(address);
        _counters.Remove(AddressKey(address));
        if (NameKey(name) is { } key)
        {
            _counters.Remove(key);
        }
    }

    /// <summary>Forgets every record whose window has passed and whose ban (if any) has ended; returns how many went.</summary>
    public int Prune(DateTime now)
    {
        var finished = _counters.Where(c => c.Value.IsFinished(now, _settings.FailureWindow)).Select(c => c.Key).ToList();
        foreach (var key in finished)
        {
            _counters.Remove(key);
        }

        return finished.Count;
    }

    private DateTime? Fail(string key, DateTime now)
    {
        if (!_counters.TryGetValue(key, out var counter))
        {
            MakeRoom(now);
            counter = new Counter();
            _counters.Add(key, counter);
        }

        if (counter.BannedUntil is { } until && until > now)
        {
            return until;
        }

        counter.BannedUntil = null;
        if (counter.Failures == 0 || now - counter.WindowStart >= _settings.FailureWindow)
        {
            counter.WindowStart = now;
            counter.Failures = 0;
        }

        if (++counter.Failures < _settings.MaxFailures)
        {
            return null;
        }

        counter.Failures = 0;
        counter.BannedUntil = now + _settings.BanDuration;
        return counter.BannedUntil;
    }

    private DateTime? BanOf(string key, DateTime now) =>
        _counters.TryGetValue(key, out var counter) && counter.BannedUntil is { } until && until > now ? until : null;

    // At the cap: prune, then evict down to 90% so that a flood of new keys costs one sort per tenth of the cap,
    // not one scan per key. Unbanned records go first (oldest window first), bans last (soonest end first).
    private void MakeRoom(DateTime now)
    {
        if (_counters.Count < _maxTrackedKeys || Prune(now) > 0 && _counters.Count < _maxTrackedKeys)
        {
            return;
        }

        var keep = _maxTrackedKeys * 9 / 10;
        var evicted = _counters
            .OrderBy(c => c.Value.BannedUntil is { } until && until > now ? 1 : 0)
            .ThenBy(c => c.Value.BannedUntil is { } until && until > now ? until : c.Value.WindowStart)
            .Take(_counters.Count - keep)
            .Select(c => c.Key)
            .ToList();
        foreach (var key in evicted)
        {
            _counters.Remove(key);
        }
    }

    private static string AddressKey(string address) => "a:" + address;

    private static string? NameKey(string? name) => UserNames.IsValid(name) ? "n:" + name : null;

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed class Counter
    {
        public int Failures { get; set; }

        public DateTime WindowStart { get; set; }

        public DateTime? BannedUntil { get; set; }

        public bool IsFinished(DateTime now, TimeSpan window) =>
            (BannedUntil is not { } until || until <= now) && (Failures == 0 || now - WindowStart >= window);
    }
}
