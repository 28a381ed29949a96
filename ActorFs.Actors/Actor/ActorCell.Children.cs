namespace ActorFs.Actors;

/// <summary>Children: creation, naming, lookup and the bookkeeping of those being stopped.</summary>
internal sealed partial class ActorCell
{
    private readonly Lock _childrenLock = new();
    private Dictionary<string, ChildRestartStats>? _children;
    private HashSet<IActorRef>? _stoppingChildren;
    private long _nextRandomName;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null && !ActorPath.IsValidName(name))
        {
            throw new InvalidActorNameException(
                $"Invalid actor name [{name}]: it must not be empty or start with '$', and may hold only ASCII letters, digits and -_.*$+:@&=,!~';");
        }
        var dispatcher = _system.Dispatchers.Lookup(props.Dispatcher);
        lock (_childrenLock)
        {
            if (_state is LifecycleState.Terminating or LifecycleState.Terminated)
            {
                throw new InvalidOperationException($"{Self.Path} is stopping and cannot create children.");
            }
            name ??= NextRandomName();
            _children ??= new Dictionary<string, ChildRestartStats>(StringComparer.Ordinal);
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is not unique among the children of {Self.Path}.");
            }
            var path = Self.Path.Child(name, NewUid());
            var child = new ActorCell(_system, props, Self, path, dispatcher);
            _children.Add(name, new ChildRestartStats(child.Self));
            child.Start();
            return child.Self;
        }
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;
        }
    }

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (_childrenLock)
        {
            return _children is null ? [] : _children.Values.Select(s => s.Child).ToArray();
        }
    }

    public void Stop(IActorRef child)
    {
        if (child is not IInternalActorRef target) return;
        if (!child.Equals(Self))
        {
            lock (_childrenLock)
            {
                if (IsOwnChild(child)) (_stoppingChildren ??= []).Add(child);
            }
        }
        target.Stop();
    }

    private ChildRestartStats[] ChildStatsSnapshot()
    {
        lock (_childrenLock)
        {
            return _children is null ? [] : _children.Values.ToArray();
        }
    }

    private bool TryGetChildStats(IActorRef child, out ChildRestartStats stats)
    {
        lock (_childrenLock)
        {
            if (_children is not null && _children.TryGetValue(child.Path.Name, out var found) && found.Child.Equals(child))
            {
                stats = found;
                return true;
            }
        }
        stats = null!;
        return false;
    }

    private bool IsOwnChild(IActorRef child) =>
        _children is not null && _children.TryGetValue(child.Path.Name, out var s) && s.Child.Equals(child);

    private bool IsStopping(IActorRef child)
    {
        lock (_childrenLock)
        {
            return _stoppingChildren is not null && _stoppingChildren.Contains(child);
        }
    }

    /// <summary>Removes a terminated child; true when no child that was asked to stop remains.</summary>
    private bool RemoveChild(IActorRef child, out bool wasChild)
    {
        lock (_childrenLock)
        {
            wasChild = IsOwnChild(child);
            if (wasChild) _children!.Remove(child.Path.Name);
            _stoppingChildren?.Remove(child);
            return _stoppingChildren is null || _stoppingChildren.Count == 0;
        }
    }

    private bool HasChildren
    {
        get
        {
            lock (_childrenLock)
            {
                return _children is { Count: > 0 };
            }
        }
    }

    private bool HasStoppingChildren
    {
        get
        {
            lock (_childrenLock)
            {
                return _stoppingChildren is { Count: > 0 };
            }
        }
    }

    private void StopAllChildren()
    {
        foreach (var child in GetChildren()) Stop(child);
    }

    private string NextRandomName()
    {
        var n = _nextRandomName++;
        const string digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
        var chars = new System.Text.StringBuilder("$");
        do
        {
            chars.Append(digits[(int)(n & 63)]);
            n >>= 6;
        }
        while (n != 0);
        return chars.ToString();
    }

    private static long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64();
        while (uid == 0);
        return uid;
    }
}
