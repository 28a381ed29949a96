using System.Globalization;
using System.Text;

namespace ActorFs.Messages;

/// <summary>
/// Writes JSON text exactly as CPython's <c>json.dumps</c> does with default settings
/// (<c>ensure_ascii=True</c>, separators <c>", "</c> and <c>": "</c>): every character outside
/// printable ASCII becomes <c>\uXXXX</c> in lowercase hex, astral characters as two surrogate escapes.
/// </summary>
internal static class PythonJson
{
    private const string Hex = "0123456789abcdef";

    internal static void AppendString(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            sb.Append("null");
            return;
        }

        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c is >= ' ' and <= '~')
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append("\\u")
                            .Append(Hex[(c >> 12) & 0xF])
                            .Append(Hex[(c >> 8) & 0xF])
                            .Append(Hex[(c >> 4) & 0xF])
                            .Append(Hex[c & 0xF]);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>How many bytes <see cref="AppendString"/> writes for <paramref name="value"/>, quotes excluded.</summary>
    internal static int EscapedLength(string value)
    {
        var n = 0;
        foreach (var c in value)
        {
            n += c switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
                >= ' ' and <= '~' => 1,
                _ => 6,
            };
        }

        return n;
    }

    internal static void AppendKey(StringBuilder sb, string key, bool first)
    {
        if (!first)
        {
            sb.Append(", ");
        }

        AppendString(sb, key);
        sb.Append(": ");
    }

    internal static void AppendNumber(StringBuilder sb, long? value) =>
        sb.Append(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null");

    internal static byte[] ToBytes(StringBuilder sb) => Encoding.ASCII.GetBytes(sb.ToString());
}
