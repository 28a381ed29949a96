namespace ActorFs.Actors.Configuration;

/// <summary>
/// A resolved configuration, shaped after Akka.NET's <c>Config</c>: typed getters by path
/// (see Config.Accessors.cs), sub-configurations, fallbacks and rendering. Immutable.
/// Build one with <see cref="ConfigurationFactory"/> or <see cref="HoconDocument.Resolve(IEnvironmentSource)"/>.
/// </summary>
public sealed partial class Config
{
    internal Config(HoconObject root)
    {
        if (!root.IsResolved)
        {
            throw new ArgumentException("A Config holds a resolved tree only.", nameof(root));
        }

        Root = root;
    }

    /// <summary>The resolved tree: objects, arrays and scalars only.</summary>
    public HoconObject Root { get; }

    public bool IsEmpty => Root.Count == 0;

    /// <summary>True when the path holds a value other than null (as in Lightbend's hasPath).</summary>
    public bool HasPath(string path) => Find(HoconPath.Parse(path)) is { } value && !IsNull(value);

    /// <summary>The value at the path, or null when there is none.</summary>
    public HoconValue? GetValue(string path) => Find(HoconPath.Parse(path));

    /// <summary>The object at the path as a Config; empty when the path is missing or null.</summary>
    public Config GetConfig(string path)
    {
        var parsed = HoconPath.Parse(path);
        return Find(parsed) switch
        {
            null => ConfigurationFactory.Empty,
            HoconObject obj => new Config(obj),
            HoconScalar { Kind: HoconScalarKind.Null } => ConfigurationFactory.Empty,
            var other => throw WrongType(parsed, other, "an object"),
        };
    }

    /// <summary>
    /// This configuration with <paramref name="fallback"/> filling the gaps. Both are already resolved, so a
    /// substitution in one cannot see the other: to merge before resolving, use <see cref="HoconDocument.WithFallback"/>.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new Config(HoconMerger.MergeObjects(fallback.Root, Root));
    }

    /// <summary>The tree as JSON: objects, arrays, strings, numbers as written, booleans and null.</summary>
    public string ToJson(bool indented = true) => HoconJsonRenderer.Render(Root, indented);

    /// <summary>The tree as HOCON; with <paramref name="includeOrigins"/> each setting is preceded by a "# file:line" comment.</summary>
    public string ToHocon(bool includeOrigins = false) => HoconRenderer.Render(Root, includeOrigins);

    public override string ToString() => ToHocon();

    private HoconValue? Find(HoconPath path)
    {
        HoconValue current = Root;
        foreach (var key in path.Segments)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    private static bool IsNull(HoconValue value) => value is HoconScalar { Kind: HoconScalarKind.Null };
}
