using System.Reflection;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// A parsed but unresolved configuration. Substitutions are resolved only by <see cref="Resolve(IEnvironmentSource)"/>,
/// so several documents can be merged first and resolved once over the merged tree, as the spec requires.
/// The node's precedence (lowest first: defaults, --config file, ACTORFS_* environment overrides declared in the
/// defaults, command-line flags) reads:
/// <code>
/// var defaults = HoconDocument.FromResource(assembly, "node.conf");
/// Config config = HoconDocument.FromPairs(flags, "command line")
///     .WithFallback(defaults.EnvironmentOverrides())
///     .WithFallback(HoconDocument.Load(file))
///     .WithFallback(defaults)
///     .Resolve(EnvironmentSources.Process);
/// </code>
/// Documents are immutable; merging returns a new document.
/// </summary>
public sealed class HoconDocument
{
    private HoconDocument(HoconObject root) => Root = root;

    public static HoconDocument Empty { get; } = new(new HoconObject(new ConfigOrigin("empty", 0)));

    /// <summary>The unresolved tree; it may hold substitutions, which only <see cref="Resolve(IEnvironmentSource)"/> replaces.</summary>
    public HoconObject Root { get; }

    /// <summary>
    /// Parses HOCON text. <paramref name="source"/> names the text in origins and errors;
    /// relative includes are looked up in <paramref name="baseDirectory"/> (default: the current directory).
    /// </summary>
    public static HoconDocument Parse(string text, string source = "string", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var includer = new HoconIncludeLoader(baseDirectory ?? Directory.GetCurrentDirectory());
        return new HoconDocument(HoconParser.Parse(text, source, includer, []));
    }

    /// <summary>Parses a file (HOCON, JSON, or .properties by extension); its includes are relative to its directory.</summary>
    public static HoconDocument Load(string filePath)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        if (!File.Exists(filePath))
        {
            throw new ConfigException($"Configuration file \"{filePath}\" was not found.");
        }

        return new HoconDocument(HoconIncludeLoader.LoadFile(filePath));
    }

    /// <summary>Parses an embedded resource; its origin is the resource name.</summary>
    public static HoconDocument FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new ConfigException($"Resource \"{resourceName}\" was not found in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), resourceName);
    }

    /// <summary>
    /// Builds a document from path/value pairs such as command-line flags (<c>actorfs.port</c> = <c>"9000"</c>).
    /// Values are strings; the typed getters of <see cref="Config"/> convert them.
    /// </summary>
    public static HoconDocument FromPairs(IEnumerable<KeyValuePair<string, string>> values, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        var root = new HoconObject(new ConfigOrigin(source, 0));
        foreach (var (path, value) in values)
        {
            var keys = HoconPath.Parse(path).Segments;
            root.TryGetValue(keys[0], out var earlier);
            var nested = HoconMerger.Nest(keys, 1, HoconScalar.FromString(value, new ConfigOrigin($"{source} ({path})", 0)));
            root.Set(keys[0], HoconMerger.Merge(earlier, nested));
        }

        return new HoconDocument(root);
    }

    /// <summary>Returns a document in which this one wins and <paramref name="fallback"/> fills the gaps (objects merge).</summary>
    public HoconDocument WithFallback(HoconDocument fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new HoconDocument(HoconMerger.MergeObjects(fallback.Root, Root));
    }

    /// <summary>
    /// The fields of this document set by a bare optional substitution to a name that is not a path of the document,
    /// i.e. <c>port = ${?ACTORFS_PORT}</c>: environment overrides. Layer them above a user's file so that the
    /// environment beats the file, while an unset variable leaves the file's (or default's) value in place.
    /// </summary>
    public HoconDocument EnvironmentOverrides() => new(EnvironmentOverrideCollector.Collect(Root));

    /// <summary>Resolves every substitution; unresolved names fall back to <paramref name="environment"/>.</summary>
    public Config Resolve(IEnvironmentSource environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new Config(HoconResolver.Resolve(Root, environment));
    }

    /// <summary>Resolves every substitution, falling back to the process environment.</summary>
    public Config Resolve() => Resolve(EnvironmentSources.Process);
}
