namespace ActorFs.Actors.Configuration;

/// <summary>
/// A configuration could not be read: a missing key, a value of the wrong type, a failed include or substitution.
/// The message names the path and, when known, the origin ("file:line") of the offending value.
/// </summary>
public class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ConfigException(string message, string? path, ConfigOrigin? origin, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Origin = origin;
    }

    /// <summary>The configuration path the error is about, when there is one.</summary>
    public string? Path { get; }

    /// <summary>Where the offending value was set, when known.</summary>
    public ConfigOrigin? Origin { get; }
}
