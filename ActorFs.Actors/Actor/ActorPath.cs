using System.Text;

namespace ActorFs.Actors;

/// <summary>The address of an actor in its system's tree, e.g. <c>akka://node/user/control/session-1</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>, IComparable<ActorPath>
{
    private const string ValidSymbols = "-_.*$+:@&=,!~';";
    private string? _text;

    private ActorPath(string systemName, ActorPath? parent, string name, long uid)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        Uid = uid;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public string SystemName { get; }
    public ActorPath? Parent { get; }
    public string Name { get; }

    /// <summary>Distinguishes incarnations that share a path (an actor stopped and created again under one name).</summary>
    public long Uid { get; }

    public int Depth { get; }

    public static ActorPath Root(string systemName) => new(systemName, null, "", 0);

    public ActorPath Child(string name, long uid = 0) => new(SystemName, this, name, uid);

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    /// <summary>The names from the root down, without the root's empty name.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var names = new string[Depth];
            for (var p = this; p.Parent is not null; p = p.Parent) names[p.Depth - 1] = p.Name;
            return names;
        }
    }

    /// <summary>Akka's rule: letters, digits and <c>-_.*$+:@&amp;=,!~';</c>, not starting with <c>$</c> (reserved for generated names).</summary>
    public static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || name[0] == '$') return false;
        foreach (var c in name)
        {
            var ok = c < 128 && (char.IsLetterOrDigit(c) || ValidSymbols.Contains(c, StringComparison.Ordinal));
            if (!ok && c != '%') return false;
        }
        return true;
    }

    public override string ToString()
    {
        if (_text is not null) return _text;
        var sb = new StringBuilder("akka://").Append(SystemName);
        if (Depth == 0) sb.Append('/');
        foreach (var element in Elements) sb.Append('/').Append(element);
        return _text = sb.ToString();
    }

    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Depth != Depth) return false;
        for (ActorPath? a = this, b = other; a is not null && b is not null; a = a.Parent, b = b.Parent)
        {
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal)) return false;
        }
        return string.Equals(SystemName, other.SystemName, StringComparison.Ordinal);
    }

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <summary>Combines the names up to the root without building the path's text (the kernel hashes every child it stops).</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var p = this; p is not null; p = p.Parent) hash.Add(p.Name, StringComparer.Ordinal);
        hash.Add(SystemName, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public int CompareTo(ActorPath? other) => string.CompareOrdinal(ToString(), other?.ToString());
}
