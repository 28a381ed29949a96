namespace ActorFs.Actors.Configuration;

/// <summary>
/// Loads the files named by <c>include</c> statements, relative to the directory of the including file.
/// A name without an extension loads each of name.properties, name.json and name.conf that exists, merged in that
/// order (so .conf wins). A missing file is ignored unless the include is <c>required(...)</c>.
/// <c>url(...)</c> and <c>classpath(...)</c> are rejected: ActorFs reads configuration from files only.
/// </summary>
internal sealed class HoconIncludeLoader
{
    private const int MaxDepth = 50;

    private static readonly string[] Extensions = [".properties", ".json", ".conf"];

    private readonly string _baseDirectory;
    private readonly IReadOnlyList<string> _chain;

    public HoconIncludeLoader(string baseDirectory)
        : this(baseDirectory, [])
    {
    }

    private HoconIncludeLoader(string baseDirectory, IReadOnlyList<string> chain)
    {
        _baseDirectory = baseDirectory;
        _chain = chain;
    }

    /// <summary>Parses <paramref name="filePath"/> as the top of an include chain.</summary>
    public static HoconObject LoadFile(string filePath)
    {
        var loader = new HoconIncludeLoader(DirectoryOf(filePath), [Path.GetFullPath(filePath)]);
        return loader.Parse(filePath, []);
    }

    public HoconObject Include(HoconIncludeSpec spec, ConfigOrigin at, int column, IReadOnlyList<string> prefix)
    {
        if (spec.Kind is HoconIncludeKind.Url or HoconIncludeKind.Classpath)
        {
            var kind = spec.Kind == HoconIncludeKind.Url ? "url" : "classpath";
            throw new HoconParseException(at.Source, at.Line, column,
                $"include {kind}(\"{spec.Name}\") is not supported: ActorFs reads configuration from files only; use include file(\"...\")");
        }

        var path = Path.IsPathRooted(spec.Name) ? spec.Name : Path.Combine(_baseDirectory, spec.Name);
        var candidates = Path.HasExtension(spec.Name)
            ? [path]
            : Extensions.Select(extension => path + extension).ToArray();
        var existing = candidates.Where(File.Exists).ToList();
        if (existing.Count == 0)
        {
            if (spec.IsRequired)
            {
                throw new ConfigException(
                    $"{at}: required include \"{spec.Name}\" was not found (looked for {string.Join(", ", candidates)})",
                    path: null,
                    origin: at);
            }

            return new HoconObject(at);
        }

        if (_chain.Count >= MaxDepth)
        {
            throw new ConfigException($"{at}: includes are nested more than {MaxDepth} deep", path: null, origin: at);
        }

        var result = new HoconObject(at);
        foreach (var file in existing)
        {
            var fullPath = Path.GetFullPath(file);
            if (_chain.Contains(fullPath, StringComparer.Ordinal))
            {
                throw new ConfigException($"{at}: include cycle: \"{file}\" includes itself", path: null, origin: at);
            }

            var loader = new HoconIncludeLoader(DirectoryOf(file), [.. _chain, fullPath]);
            result = HoconMerger.MergeObjects(result, loader.Parse(file, prefix));
        }

        return result;
    }

    private HoconObject Parse(string file, IReadOnlyList<string> prefix)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException exception)
        {
            throw new ConfigException($"Could not read configuration file \"{file}\": {exception.Message}", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ConfigException($"Could not read configuration file \"{file}\": {exception.Message}", exception);
        }

        return file.EndsWith(".properties", StringComparison.OrdinalIgnoreCase)
            ? PropertiesReader.Read(text, file)
            : HoconParser.Parse(text, file, this, prefix);
    }

    private static string DirectoryOf(string file) =>
        Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
}
