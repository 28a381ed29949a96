using ActorFs.Actors.Configuration;

namespace ActorFs.Node.Settings;

/// <summary>A setting with a bad value: names the key, the value, where it was set and why it is refused.</summary>
internal sealed class SettingsException : Exception
{
    public SettingsException() { }

    public SettingsException(string message) : base(message) { }

    public SettingsException(string message, Exception inner) : base(message, inner) { }

    public SettingsException(string path, string value, ConfigOrigin? origin, string why)
        : base($"{path} = {value}{(origin is null ? "" : $" (set at {origin})")}: {why}")
    {
        Path = path;
    }

    public string? Path { get; }
}
