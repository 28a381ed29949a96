namespace ActorFs.Actors.Configuration;

/// <summary>
/// Fields in the order they were first set. Built by the parser and the merger; read-only once handed out.
/// </summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;
    private bool? _isResolved;

    internal HoconObject(ConfigOrigin origin)
        : base(origin)
    {
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        Fields = new System.Collections.ObjectModel.ReadOnlyDictionary<string, HoconValue>(_fields);
    }

    internal HoconObject(ConfigOrigin origin, IEnumerable<KeyValuePair<string, HoconValue>> fields)
        : this(origin)
    {
        foreach (var (key, value) in fields)
        {
            _fields[key] = value;
        }
    }

    /// <summary>The fields in the order they were first set; a read-only view.</summary>
    public IReadOnlyDictionary<string, HoconValue> Fields { get; }

    public IEnumerable<string> Keys => _fields.Keys;

    public int Count => _fields.Count;

    public override bool IsResolved => _isResolved ??= _fields.Values.All(value => value.IsResolved);

    internal override string KindName => "object";

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconValue? value) =>
        _fields.TryGetValue(key, out value);

    /// <summary>Sets a field during construction; only the parser, merger and resolver call this on fresh objects.</summary>
    internal void Set(string key, HoconValue value)
    {
        _isResolved = null;
        _fields[key] = value;
    }
}
