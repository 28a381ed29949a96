using System.Globalization;
using System.Text;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// Splits HOCON text into tokens. Comments are dropped (the newline that ends them is kept, because newlines
/// separate fields); whitespace inside a line is kept as a token, because it matters in value concatenations.
/// </summary>
internal sealed class HoconTokenizer
{
    // Characters the spec forbids in unquoted strings (whitespace is handled separately).
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private readonly List<HoconToken> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _column = 1;

    private HoconTokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static IReadOnlyList<HoconToken> Tokenize(string text, string source)
    {
        var tokenizer = new HoconTokenizer(text, source);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    private char Current => _text[_position];

    private bool AtEnd => _position >= _text.Length;

    private void Run()
    {
        while (!AtEnd)
        {
            var line = _line;
            var column = _column;
            var c = Current;
            if (c == '\n')
            {
                Advance();
                Add(HoconTokenType.Newline, "\n", line, column);
            }
            else if (IsWhitespace(c))
            {
                Add(HoconTokenType.Whitespace, ReadWhile(IsWhitespace), line, column);
            }
            else if (c == '#' || StartsWith("//"))
            {
                ReadWhile(ch => ch != '\n');
            }
            else if (c == '"')
            {
                Add(HoconTokenType.QuotedString, StartsWith("\"\"\"") ? ReadTripleQuoted() : ReadQuoted(), line, column);
            }
            else if (c == '$')
            {
                _tokens.Add(ReadSubstitution(line, column));
            }
            else if (c == '+')
            {
                if (!StartsWith("+="))
                {
                    throw Error(line, column, "'+' is only allowed as part of '+='; quote the string if you meant it");
                }

                Advance();
                Advance();
                Add(HoconTokenType.PlusEquals, "+=", line, column);
            }
            else if (Punctuation(c) is { } type)
            {
                Advance();
                Add(type, c.ToString(), line, column);
            }
            else if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                throw Error(line, column, $"reserved character '{c}' is not allowed outside quotes");
            }
            else
            {
                Add(HoconTokenType.UnquotedText, ReadUnquoted(), line, column);
            }
        }

        _tokens.Add(new HoconToken(HoconTokenType.End, string.Empty, _line, _column));
    }

    private static HoconTokenType? Punctuation(char c) => c switch
    {
        '{' => HoconTokenType.LeftBrace,
        '}' => HoconTokenType.RightBrace,
        '[' => HoconTokenType.LeftBracket,
        ']' => HoconTokenType.RightBracket,
        ',' => HoconTokenType.Comma,
        ':' => HoconTokenType.Colon,
        '=' => HoconTokenType.Equals,
        _ => null,
    };

    // The spec's whitespace: Unicode separators, ASCII control whitespace and the file/group/record/unit separators; a BOM too.
    internal static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c is '\uFEFF' or (>= '\x1C' and <= '\x1F'));

    private string ReadUnquoted()
    {
        var start = _position;
        while (!AtEnd && !IsWhitespace(Current) && Current != '\n' && !Forbidden.Contains(Current, StringComparison.Ordinal) && !StartsWith("//"))
        {
            Advance();
        }

        return _text[start.._position];
    }

    private string ReadQuoted()
    {
        var line = _line;
        var column = _column;
        Advance();
        var result = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw Error(line, column, "unterminated quoted string; expected '\"' before the end of the line");
            }

            var c = Current;
            Advance();
            if (c == '"')
            {
                return result.ToString();
            }

            if (c == '\\')
            {
                result.Append(ReadEscape());
            }
            else
            {
                result.Append(c);
            }
        }
    }

    private string ReadEscape()
    {
        if (AtEnd)
        {
            throw Error(_line, _column, "expected an escape character after '\\', found end of input");
        }

        var line = _line;
        var column = _column;
        var c = Current;
        Advance();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                if (_position + 4 > _text.Length ||
                    !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw Error(line, column, "expected four hex digits after '\\u'");
                }

                for (var i = 0; i < 4; i++)
                {
                    Advance();
                }

                return ((char)code).ToString();
            default:
                throw Error(line, column - 1, $"invalid escape '\\{c}'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    /// <summary>Raw content up to the last <c>"""</c> of a run of quotes: extra quotes before the end belong to the string.</summary>
    private string ReadTripleQuoted()
    {
        var line = _line;
        var column = _column;
        for (var i = 0; i < 3; i++)
        {
            Advance();
        }

        var result = new StringBuilder();
        while (!AtEnd)
        {
            if (Current == '"')
            {
                var run = 0;
                while (!AtEnd && Current == '"')
                {
                    run++;
                    Advance();
                }

                if (run >= 3)
                {
                    result.Append('"', run - 3);
                    return result.ToString();
                }

                result.Append('"', run);
                continue;
            }

            result.Append(Current);
            Advance();
        }

        throw Error(line, column, "unterminated triple-quoted string; expected '\"\"\"'");
    }

    private HoconToken ReadSubstitution(int line, int column)
    {
        var start = _position;
        if (!StartsWith("${"))
        {
            throw Error(line, column, "'$' must start a substitution '${...}'; quote the string if you meant a '$'");
        }

        Advance();
        Advance();
        var optional = false;
        if (!AtEnd && Current == '?')
        {
            optional = true;
            Advance();
        }

        var segments = new List<string>();
        var segment = new StringBuilder();
        var sawText = false;
        ReadWhile(IsWhitespace);
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw Error(line, column, "unterminated substitution; expected '}'");
            }

            var c = Current;
            if (c == '}')
            {
                Advance();
                break;
            }

            if (c == '"')
            {
                segment.Append(ReadQuoted());
                sawText = true;
            }
            else if (c == '.')
            {
                EndSegment(segments, segment, ref sawText, line, column);
                Advance();
            }
            else if (IsWhitespace(c))
            {
                var whitespace = ReadWhile(IsWhitespace);
                if (!AtEnd && Current != '}')
                {
                    segment.Append(whitespace);
                }
            }
            else if (Forbidden.Contains(c, StringComparison.Ordinal) || StartsWith("//"))
            {
                throw Error(_line, _column, $"expected a path or '}}' in substitution, found '{c}'");
            }
            else
            {
                segment.Append(c);
                sawText = true;
                Advance();
            }
        }

        EndSegment(segments, segment, ref sawText, line, column);
        return new HoconToken(HoconTokenType.Substitution, _text[start.._position], line, column)
        {
            SubstitutionPath = new HoconPath(segments),
            IsOptional = optional,
        };
    }

    private void EndSegment(List<string> segments, StringBuilder segment, ref bool sawText, int line, int column)
    {
        if (!sawText)
        {
            throw Error(line, column, "expected a path in substitution; a key in it is empty");
        }

        segments.Add(segment.ToString());
        segment.Clear();
        sawText = false;
    }

    private string ReadWhile(Func<char, bool> predicate)
    {
        var start = _position;
        while (!AtEnd && predicate(Current))
        {
            Advance();
        }

        return _text[start.._position];
    }

    private bool StartsWith(string value) => string.CompareOrdinal(_text, _position, value, 0, value.Length) == 0;

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _position++;
    }

    private void Add(HoconTokenType type, string text, int line, int column) =>
        _tokens.Add(new HoconToken(type, text, line, column));

    private HoconParseException Error(int line, int column, string problem) => new(_source, line, column, problem);
}
