namespace ActorFs.Actors.Configuration;

/// <summary>
/// Where a value was set: a file path (or "string", a resource name, "env NAME", "command line") and a 1-based line.
/// A line of 0 means the source has no lines (an environment variable, a flag).
/// </summary>
public sealed record ConfigOrigin(string Source, int Line)
{
    public override string ToString() =>
        Line > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Source}:{Line}") : Source;
}
