namespace ActorFs.Actors.Configuration;

internal enum HoconTokenType
{
    End,
    Newline,
    Whitespace,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    QuotedString,
    UnquotedText,
    Substitution,
}

/// <summary>
/// One token. <see cref="Text"/> is the unescaped content for quoted strings, the characters for unquoted text and
/// whitespace. A substitution carries its path and whether it was <c>${?...}</c>.
/// </summary>
internal sealed record HoconToken(HoconTokenType Type, string Text, int Line, int Column)
{
    public HoconPath? SubstitutionPath { get; init; }

    public bool IsOptional { get; init; }

    public string Describe() => Type switch
    {
        HoconTokenType.End => "end of input",
        HoconTokenType.Newline => "newline",
        HoconTokenType.Whitespace => "whitespace",
        HoconTokenType.QuotedString => $"quoted string \"{Text}\"",
        HoconTokenType.UnquotedText => $"'{Text}'",
        HoconTokenType.Substitution => $"substitution {(IsOptional ? "${?" : "${")}{SubstitutionPath}}}",
        _ => $"'{Text}'",
    };
}
