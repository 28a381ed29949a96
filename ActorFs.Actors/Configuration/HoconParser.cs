using System.Text;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// Builds an unresolved tree from tokens: optional root braces, <c>:</c>/<c>=</c>/omitted separator before
/// <c>{</c>, <c>+=</c>, path keys, commas or newlines between fields and elements, value concatenation and includes.
/// Repeated keys are merged as they are read (see <see cref="HoconMerger"/>); substitutions are left for the resolver.
/// </summary>
internal sealed partial class HoconParser
{
    private const int MaxDepth = 256;

    private readonly IReadOnlyList<HoconToken> _tokens;
    private readonly string _source;
    private readonly HoconIncludeLoader _includer;
    private readonly IReadOnlyList<string> _prefix;
    private int _index;
    private int _depth;

    private HoconParser(IReadOnlyList<HoconToken> tokens, string source, HoconIncludeLoader includer, IReadOnlyList<string> prefix)
    {
        _tokens = tokens;
        _source = source;
        _includer = includer;
        _prefix = prefix;
    }

    /// <param name="text">The HOCON (or JSON) text.</param>
    /// <param name="source">The name used in origins and errors, e.g. a file path or "string".</param>
    /// <param name="includer">Loads files named by <c>include</c> statements.</param>
    /// <param name="prefix">Where this text sits in the including document; substitution paths are made relative to it.</param>
    public static HoconObject Parse(string text, string source, HoconIncludeLoader includer, IReadOnlyList<string> prefix)
    {
        var parser = new HoconParser(HoconTokenizer.Tokenize(text, source), source, includer, prefix);
        return parser.ParseRoot();
    }

    private HoconToken Peek => _tokens[_index];

    private HoconObject ParseRoot()
    {
        SkipBlank();
        HoconObject root;
        if (Peek.Type == HoconTokenType.LeftBrace)
        {
            root = ParseObjectBody([], Next());
            SkipBlank();
            if (Peek.Type != HoconTokenType.End)
            {
                throw Expected("end of input after the root object", Peek);
            }
        }
        else if (Peek.Type == HoconTokenType.LeftBracket)
        {
            throw Error(Peek, "the root of a configuration must be an object, found '['");
        }
        else
        {
            root = ParseObjectBody([], open: null);
        }

        return root;
    }

    /// <summary>Reads fields up to the closing brace (consumed) or, for a root without braces, up to the end.</summary>
    private HoconObject ParseObjectBody(IReadOnlyList<string> path, HoconToken? open)
    {
        var closing = open is null ? HoconTokenType.End : HoconTokenType.RightBrace;
        var result = new HoconObject(Origin(open ?? Peek));
        SkipBlank();
        while (true)
        {
            var token = Peek;
            if (token.Type == closing)
            {
                if (open is not null)
                {
                    Next();
                }

                return result;
            }

            if (token.Type == HoconTokenType.End)
            {
                throw Unclosed(open!, token);
            }

            ParseMember(result, path, open is null ? "a key" : "'}' or a key");
            SkipWhitespace();
            token = Peek;
            if (token.Type == HoconTokenType.End && open is not null)
            {
                throw Unclosed(open, token);
            }

            if (token.Type == HoconTokenType.Comma)
            {
                Next();
                SkipBlank();
            }
            else if (token.Type == HoconTokenType.Newline)
            {
                SkipBlank();
            }
            else if (token.Type != closing)
            {
                throw Expected(open is null ? "',' or a newline after a field" : "',', a newline or '}' after a field", token);
            }
        }
    }

    private void ParseMember(HoconObject target, IReadOnlyList<string> path, string expectation)
    {
        if (IsInclude())
        {
            var included = ParseInclude(path);
            foreach (var (includedKey, includedValue) in included.Fields)
            {
                target.TryGetValue(includedKey, out var existing);
                target.Set(includedKey, HoconMerger.Merge(existing, includedValue));
            }

            return;
        }

        var key = ParseKey(expectation);
        SkipBlank();
        var separator = Peek;
        var fieldPath = path.Concat(key).ToList();
        HoconValue value;
        switch (separator.Type)
        {
            case HoconTokenType.LeftBrace:
                value = ParseValue(fieldPath);
                break;
            case HoconTokenType.Colon or HoconTokenType.Equals:
                Next();
                SkipBlank();
                value = ParseValue(fieldPath);
                break;
            case HoconTokenType.PlusEquals:
                Next();
                SkipBlank();
                value = AppendTo(fieldPath, ParseValue(fieldPath), Origin(separator));
                break;
            default:
                throw Expected($"':', '=', '+=' or '{{' after key '{new HoconPath(key)}'", separator);
        }

        target.TryGetValue(key[0], out var earlier);
        target.Set(key[0], HoconMerger.Merge(earlier, HoconMerger.Nest(key, 1, value)));
    }

    /// <summary><c>a += v</c> is <c>a = ${?a} [v]</c>.</summary>
    private HoconConcatenation AppendTo(IReadOnlyList<string> fieldPath, HoconValue element, ConfigOrigin origin)
    {
        var written = new HoconPath(fieldPath);
        var self = new HoconSubstitution(written.Prepend(_prefix), written, isOptional: true, origin);
        return new HoconConcatenation([self, new HoconArray([element], element.Origin)], origin);
    }

    private List<string> ParseKey(string expectation)
    {
        var first = Peek;
        if (first.Type is not (HoconTokenType.QuotedString or HoconTokenType.UnquotedText))
        {
            throw Expected(expectation, first);
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        var pendingWhitespace = string.Empty;
        while (true)
        {
            var token = Peek;
            if (token.Type == HoconTokenType.QuotedString)
            {
                Next();
                current.Append(pendingWhitespace).Append(token.Text);
                pendingWhitespace = string.Empty;
                hasContent = true;
            }
            else if (token.Type == HoconTokenType.UnquotedText)
            {
                Next();
                current.Append(pendingWhitespace);
                pendingWhitespace = string.Empty;
                foreach (var c in token.Text)
                {
                    if (c != '.')
                    {
                        current.Append(c);
                        hasContent = true;
                        continue;
                    }

                    if (!hasContent)
                    {
                        throw Error(token, $"key '{token.Text}' has an empty path element; quote it (\"\") if that is meant");
                    }

                    segments.Add(current.ToString());
                    current.Clear();
                    hasContent = false;
                }
            }
            else if (token.Type == HoconTokenType.Whitespace)
            {
                Next();
                pendingWhitespace += token.Text;
            }
            else
            {
                break;
            }
        }

        if (!hasContent)
        {
            throw Error(first, "a key must not end with '.'");
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>One value, or several written next to each other on the same line (a concatenation).</summary>
    private HoconValue ParseValue(IReadOnlyList<string> path)
    {
        var parts = new List<HoconValue>();
        while (true)
        {
            var token = Peek;
            HoconValue? part = token.Type switch
            {
                HoconTokenType.QuotedString => HoconScalar.FromString(token.Text, Origin(token)),
                HoconTokenType.UnquotedText => HoconScalar.FromUnquoted(token.Text, Origin(token)),
                HoconTokenType.Whitespace => HoconScalar.Whitespace(token.Text, Origin(token)),
                HoconTokenType.Substitution => new HoconSubstitution(
                    token.SubstitutionPath!.Prepend(_prefix), token.SubstitutionPath!, token.IsOptional, Origin(token)),
                _ => null,
            };
            if (part is not null)
            {
                Next();
            }
            else if (token.Type is HoconTokenType.LeftBrace or HoconTokenType.LeftBracket)
            {
                part = ParseNested(path, Next());
            }
            else
            {
                break;
            }

            parts.Add(part);
        }

        while (parts.Count > 0 && parts[^1] is HoconScalar { IsUnquotedWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count == 0)
        {
            throw Expected("a value", Peek);
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (parts.All(part => part is HoconScalar))
        {
            return HoconScalar.FromString(string.Concat(parts.Select(part => ((HoconScalar)part).Text)), parts[0].Origin);
        }

        return new HoconConcatenation(parts, parts[0].Origin);
    }

    // Nesting is bounded so that hostile input fails with a parse error rather than a stack overflow.
    private HoconValue ParseNested(IReadOnlyList<string> path, HoconToken open)
    {
        if (_depth >= MaxDepth)
        {
            throw Error(open, $"objects and arrays are nested more than {MaxDepth} deep");
        }

        _depth++;
        try
        {
            return open.Type == HoconTokenType.LeftBrace ? ParseObjectBody(path, open) : ParseArray(path, open);
        }
        finally
        {
            _depth--;
        }
    }

    private HoconArray ParseArray(IReadOnlyList<string> path, HoconToken open)
    {
        var items = new List<HoconValue>();
        SkipBlank();
        while (true)
        {
            var token = Peek;
            if (token.Type == HoconTokenType.RightBracket)
            {
                Next();
                return new HoconArray(items, Origin(open));
            }

            if (token.Type == HoconTokenType.End)
            {
                throw Unclosed(open, token);
            }

            items.Add(ParseValue(path));
            SkipWhitespace();
            token = Peek;
            if (token.Type == HoconTokenType.End)
            {
                throw Unclosed(open, token);
            }

            if (token.Type == HoconTokenType.Comma)
            {
                Next();
                SkipBlank();
            }
            else if (token.Type == HoconTokenType.Newline)
            {
                SkipBlank();
            }
            else if (token.Type != HoconTokenType.RightBracket)
            {
                throw Expected("',', a newline or ']' after an array element", token);
            }
        }
    }

    private HoconToken Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private void SkipWhitespace()
    {
        while (Peek.Type == HoconTokenType.Whitespace)
        {
            Next();
        }
    }

    private void SkipBlank()
    {
        while (Peek.Type is HoconTokenType.Whitespace or HoconTokenType.Newline)
        {
            Next();
        }
    }

    private ConfigOrigin Origin(HoconToken token) => new(_source, token.Line);

    private HoconParseException Expected(string expectation, HoconToken found) =>
        Error(found, $"expected {expectation}, found {found.Describe()}");

    private HoconParseException Unclosed(HoconToken open, HoconToken end) =>
        open.Type == HoconTokenType.LeftBrace
            ? Error(end, $"expected '}}' to close the object opened at line {open.Line}, found end of input")
            : Error(end, $"expected ']' to close the array opened at line {open.Line}, found end of input");

    private HoconParseException Error(HoconToken at, string problem) => new(_source, at.Line, at.Column, problem);
}
