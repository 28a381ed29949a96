namespace ActorFs.Actors.Configuration;

/// <summary>
/// The text is not valid HOCON. The message starts with "source:line:column:" and says what was expected and what was found.
/// </summary>
public sealed class HoconParseException : ConfigException
{
    public HoconParseException()
    {
    }

    public HoconParseException(string message)
        : base(message)
    {
    }

    public HoconParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal HoconParseException(string source, int line, int column, string problem)
        : base(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}:{line}:{column}: {problem}"),
            path: null,
            origin: new ConfigOrigin(source, line))
    {
        Column = column;
    }

    /// <summary>The 1-based column where the problem was found (0 when unknown).</summary>
    public int Column { get; }
}
