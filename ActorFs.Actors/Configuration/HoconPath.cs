using System.Text;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// A path such as <c>a.b."c.d"</c>: a list of keys. Rendering quotes a key only when it needs it.
/// </summary>
public sealed class HoconPath : IEquatable<HoconPath>
{
    public HoconPath(IReadOnlyList<string> segments)
    {
        if (segments.Count == 0)
        {
            throw new ArgumentException("A path needs at least one key.", nameof(segments));
        }

        Segments = segments;
    }

    public IReadOnlyList<string> Segments { get; }

    /// <summary>Parses a path as written in code or in a substitution: dot-separated keys, double quotes around keys that contain dots.</summary>
    public static HoconPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        var current = new StringBuilder();
        var sawQuoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '.')
            {
                AddSegment(path, segments, current, sawQuoted);
                sawQuoted = false;
            }
            else if (c == '"')
            {
                sawQuoted = true;
                i++;
                while (i < path.Length && path[i] != '"')
                {
                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        i++;
                    }

                    current.Append(path[i]);
                    i++;
                }

                if (i >= path.Length)
                {
                    throw new ConfigException($"Invalid path '{path}': unterminated quoted key.");
                }
            }
            else
            {
                current.Append(c);
            }
        }

        AddSegment(path, segments, current, sawQuoted);
        return new HoconPath(segments);
    }

    internal HoconPath Prepend(IReadOnlyList<string> prefix) =>
        prefix.Count == 0 ? this : new HoconPath([.. prefix, .. Segments]);

    /// <summary>Renders a single key, quoting it when it is empty or holds characters that are not safe unquoted.</summary>
    public static string RenderKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var safe = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return safe ? key : System.Text.Json.JsonSerializer.Serialize(key);
    }

    public override string ToString() => string.Join('.', Segments.Select(RenderKey));

    public bool Equals(HoconPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override bool Equals(object? obj) => Equals(obj as HoconPath);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static void AddSegment(string path, List<string> segments, StringBuilder current, bool sawQuoted)
    {
        var segment = sawQuoted ? current.ToString() : current.ToString().Trim();
        if (segment.Length == 0 && !sawQuoted)
        {
            throw new ConfigException($"Invalid path '{path}': it has an empty key; quote it (\"\") if that is meant.");
        }

        segments.Add(segment);
        current.Clear();
    }
}
