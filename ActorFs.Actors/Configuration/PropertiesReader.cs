using System.Globalization;
using System.Text;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// Reads a Java .properties file for <c>include</c>: <c>key=value</c>, <c>key:value</c> or <c>key value</c> lines,
/// <c>#</c>/<c>!</c> comments, backslash line continuations and escapes. Values are always strings; dots in a key
/// make a nested path (empty elements are kept, as the spec says). When a key is both a value and a parent
/// (<c>a=1</c>, <c>a.b=2</c>), the object wins whatever the order, as the spec asks for properties.
/// </summary>
internal static class PropertiesReader
{
    public static HoconObject Read(string text, string source)
    {
        var root = new HoconObject(new ConfigOrigin(source, 1));
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            while (EndsWithContinuation(line) && i + 1 < lines.Length)
            {
                line = line[..^1] + lines[++i].TrimStart();
            }

            var (key, value) = Split(line);
            var origin = new ConfigOrigin(source, lineNumber);
            var path = key.Split('.');
            root.TryGetValue(path[0], out var earlier);
            root.Set(path[0], ObjectWins(earlier, HoconMerger.Nest(path, 1, HoconScalar.FromString(value, origin))));
        }

        return root;
    }

    private static HoconValue ObjectWins(HoconValue? earlier, HoconValue later)
    {
        switch (earlier, later)
        {
            case (HoconObject earlierObject, HoconObject laterObject):
                var merged = new HoconObject(earlierObject.Origin, earlierObject.Fields);
                foreach (var (key, value) in laterObject.Fields)
                {
                    merged.TryGetValue(key, out var existing);
                    merged.Set(key, ObjectWins(existing, value));
                }

                return merged;
            case (HoconObject, _):
                return earlier;
            default:
                return later;
        }
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) Split(string line)
    {
        var key = new StringBuilder();
        var i = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                key.Append(Unescape(line, ref i));
                continue;
            }

            if (c is '=' or ':' || char.IsWhiteSpace(c))
            {
                break;
            }

            key.Append(c);
        }

        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }

        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        var value = new StringBuilder();
        for (; i < line.Length; i++)
        {
            value.Append(line[i] == '\\' && i + 1 < line.Length ? Unescape(line, ref i) : line[i].ToString());
        }

        return (key.ToString(), value.ToString());
    }

    private static string Unescape(string line, ref int i)
    {
        var c = line[++i];
        switch (c)
        {
            case 't': return "\t";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'f': return "\f";
            case 'u' when i + 4 < line.Length &&
                int.TryParse(line.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                i += 4;
                return ((char)code).ToString();
            default: return c.ToString();
        }
    }
}
