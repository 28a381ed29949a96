namespace ActorFs.Actors.Configuration;

/// <summary>
/// A string, number, boolean or null. <see cref="Text"/> keeps the value exactly as written
/// (a number "1.0" stays "1.0"), which is what string conversions and concatenations use.
/// </summary>
public sealed class HoconScalar : HoconValue
{
    private HoconScalar(HoconScalarKind kind, string text, ConfigOrigin origin, bool isUnquotedWhitespace = false)
        : base(origin)
    {
        Kind = kind;
        Text = text;
        IsUnquotedWhitespace = isUnquotedWhitespace;
    }

    public HoconScalarKind Kind { get; }

    /// <summary>The value as written; "null" for null.</summary>
    public string Text { get; }

    public override bool IsResolved => true;

    internal override string KindName => Kind switch
    {
        HoconScalarKind.Number => "number",
        HoconScalarKind.Boolean => "boolean",
        HoconScalarKind.Null => "null",
        _ => "string",
    };

    /// <summary>
    /// Whitespace between the parts of a value concatenation. It joins strings but is dropped
    /// between arrays and objects, as the spec says.
    /// </summary>
    internal bool IsUnquotedWhitespace { get; }

    internal static HoconScalar FromString(string text, ConfigOrigin origin) => new(HoconScalarKind.String, text, origin);

    internal static HoconScalar Null(ConfigOrigin origin) => new(HoconScalarKind.Null, "null", origin);

    internal static HoconScalar FromBoolean(bool value, ConfigOrigin origin) =>
        new(HoconScalarKind.Boolean, value ? "true" : "false", origin);

    internal static HoconScalar Whitespace(string text, ConfigOrigin origin) =>
        new(HoconScalarKind.String, text, origin, isUnquotedWhitespace: true);

    /// <summary>Classifies one unquoted token: true/false/null keywords, a JSON number, or else a string.</summary>
    internal static HoconScalar FromUnquoted(string text, ConfigOrigin origin) => text switch
    {
        "true" => FromBoolean(true, origin),
        "false" => FromBoolean(false, origin),
        "null" => Null(origin),
        _ when IsNumber(text) => new(HoconScalarKind.Number, text, origin),
        _ => FromString(text, origin),
    };

    /// <summary>True for the JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    internal static bool IsNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            i = SkipDigits(text, i);
        }

        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            i = SkipDigits(text, i);
            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            var start = i;
            i = SkipDigits(text, i);
            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    public override string ToString() => Text;

    private static int SkipDigits(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }
}
