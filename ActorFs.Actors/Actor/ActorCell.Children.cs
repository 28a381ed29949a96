namespace ActorFs.Actors;

/// <summary>Children: creation, naming, lookup and the bookkeeping of those being stopped.</summary>
internal sealed partial class ActorCell
{
    // Guards children and the lifecycle state against ActorOf from other threads. The mailbox doubles as the monitor
    // (it is internal and locked nowhere else), which spares every actor a lock object of its own (about 40 bytes).
    private object ChildrenSync => Mailbox;
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
        lock (ChildrenSync)
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
        lock (ChildrenSync)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;
        }
    }

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (ChildrenSync)
        {
            return _children is null ? [] : _children.Values.Select(s => s.Child).ToArray();
        }
    }

    public void Stop(IActorRef child)
    {
        if (child is not IInternalActorRef target) return;
        if (!child.Equals(Self))
        {
            lock (ChildrenSync)
            {
                if (IsOwnChild(child)) (_stoppingChildren ??= []).Add(child);
            }
        }
        target.Stop();
    }

    private ChildRestartStats[] ChildStatsSnapshot()
    {
        lock (ChildrenSync)
        {
            return _children is null ? [] : _children.Values.ToArray();
        }
    }

    private bool TryGetChildStats(IActorRef child, out ChildRestartStats stats)
    {
        lock (ChildrenSync)
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
        lock (ChildrenSync)
        {
            return _stoppingChildren is not null && _stoppingChildren.Contains(child);
        }
    }

    /// <summary>Removes a terminated child; true when no child that was asked to stop remains.</summary>
    private bool RemoveChild(IActorRef child, out bool wasChild)
    {
        lock (ChildrenSync)
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
            lock (ChildrenSync)
            {
                return _children is { Count: > 0 };
            }
        }
    }

    private bool HasStoppingChildren
    {
        get
        {
            lock (ChildrenSync)
            {
                return _stoppingChildren is { Count: > 0 };
            }
        }
    }

    private void StopAllChildren()
    {
        foreach (var child in GetChildren()) Stop(child);
    }

    /// <summary>Akka's generated names: <c>$</c> and the counter in base 64, low digit first (<c>$a</c>, <c>$b</c>, ...).</summary>
    private string NextRandomName()
    {
        var n = _nextRandomName++;
        var length = 2;
        for (var rest = n >> 6; rest != 0; rest >>= 6) length++;
        return string.Create(length, n, static (chars, value) =>
        {
            const string digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
            chars[0] = '$';
            for (var i = 1; i < chars.Length; i++, value >>= 6) chars[i] = digits[(int)(value & 63)];
        });
    }

    private static long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64();
        while (uid == 0);
        return uid;
    }
}
