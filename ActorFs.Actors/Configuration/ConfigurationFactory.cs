using System.Reflection;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// Akka.NET-style entry points that parse and resolve in one step. Substitutions that are not found in the
/// tree fall back to the given environment source (the process environment by default).
/// To merge several documents before resolving, use <see cref="HoconDocument"/>.
/// </summary>
public static class ConfigurationFactory
{
    public static Config Empty { get; } = HoconDocument.Empty.Resolve(EnvironmentSources.None);

    public static Config ParseString(string hocon) => ParseString(hocon, EnvironmentSources.Process);

    public static Config ParseString(string hocon, IEnvironmentSource environment) =>
        HoconDocument.Parse(hocon).Resolve(environment);

    public static Config Load(string filePath) => Load(filePath, EnvironmentSources.Process);

    public static Config Load(string filePath, IEnvironmentSource environment) =>
        HoconDocument.Load(filePath).Resolve(environment);

    public static Config FromResource(Assembly assembly, string resourceName) =>
        FromResource(assembly, resourceName, EnvironmentSources.Process);

    public static Config FromResource(Assembly assembly, string resourceName, IEnvironmentSource environment) =>
        HoconDocument.FromResource(assembly, resourceName).Resolve(environment);
}
