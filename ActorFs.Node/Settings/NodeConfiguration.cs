using ActorFs.Actors.Configuration;

namespace ActorFs.Node.Settings;

/// <summary>
/// Builds the node's configuration with its precedence, lowest first: the embedded defaults
/// (hocon/node.conf), <c>--config FILE</c>, the <c>${?ACTORFS_...}</c> environment overrides declared in the
/// defaults, then command-line flags. Substitutions are resolved once, over the merged layers.
/// </summary>
internal static class NodeConfiguration
{
    public const string DefaultsResource = "ActorFs.Node.node.conf";

    public static HoconDocument Defaults() => HoconDocument.FromResource(typeof(NodeConfiguration).Assembly, DefaultsResource);

    public static Config Load(string? configFile, IReadOnlyDictionary<string, string> flags, IEnvironmentSource environment)
    {
        var defaults = Defaults();
        return HoconDocument.FromPairs(flags, "command line")
            .WithFallback(defaults.EnvironmentOverrides())
            .WithFallback(configFile is null ? HoconDocument.Empty : LoadFile(configFile))
            .WithFallback(defaults)
            .Resolve(environment);
    }

    /// <summary>A user's file alone, resolved without the defaults (for <c>config --only</c>).</summary>
    public static Config LoadOnly(string configFile, IEnvironmentSource environment) => LoadFile(configFile).Resolve(environment);

    private static HoconDocument LoadFile(string configFile)
    {
        if (!File.Exists(configFile)) throw new ConfigException($"Configuration file not found: {configFile}");
        return HoconDocument.Load(configFile);
    }
}
