namespace ActorFs.Actors;

/// <summary>Runs mailbox turns as work items on the .NET thread pool: no thread per actor.</summary>
internal sealed class ThreadPoolDispatcher(string id, int throughput) : IDispatcher
{
    public string Id { get; } = id;

    public int Throughput { get; } = throughput > 0 ? throughput : throw new ArgumentOutOfRangeException(nameof(throughput), "Throughput must be positive.");

    /// <summary>Queues a turn on the pool's global queue; the thread's local queue was measured and gained nothing (ARCHITECTURE.md).</summary>
    public void Schedule(IThreadPoolWorkItem mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}

/// <summary>The dispatchers an actor system knows by name, as configured.</summary>
internal sealed class Dispatchers
{
    public const string DefaultDispatcherId = "default-dispatcher";
    private readonly Dictionary<string, ThreadPoolDispatcher> _byId;

    public Dispatchers(IReadOnlyDictionary<string, int> throughputById, int defaultThroughput)
    {
        _byId = new Dictionary<string, ThreadPoolDispatcher>(StringComparer.Ordinal)
        {
            [DefaultDispatcherId] = new ThreadPoolDispatcher(DefaultDispatcherId, defaultThroughput),
        };
        foreach (var (id, throughput) in throughputById) _byId[id] = new ThreadPoolDispatcher(id, throughput);
        DefaultDispatcher = _byId[DefaultDispatcherId];
    }

    public IDispatcher DefaultDispatcher { get; }

    public IDispatcher Lookup(string? id)
    {
        if (id is null) return DefaultDispatcher;
        var key = id.StartsWith("actorfs.actor.", StringComparison.Ordinal) ? id["actorfs.actor.".Length..] : id;
        return _byId.TryGetValue(key, out var dispatcher)
            ? dispatcher
            : throw new ArgumentException($"Dispatcher [{id}] is not configured (known: {string.Join(", ", _byId.Keys)}).", nameof(id));
    }
}
