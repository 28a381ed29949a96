using System.Text;

namespace ActorFs.Actors.Configuration;

// Include statements: include "name", include file("name"), include required(...); url(...) and classpath(...)
// are parsed so that the loader can reject them with a clear message.
internal sealed partial class HoconParser
{
    // The spec reserves an unquoted "include" at the start of a key: it always starts an include statement.
    private bool IsInclude() => Peek is { Type: HoconTokenType.UnquotedText, Text: "include" };

    private HoconObject ParseInclude(IReadOnlyList<string> path)
    {
        var includeToken = Next();
        SkipBlank();
        var words = new List<(HoconToken Token, string Word)>();
        while (Peek.Type is HoconTokenType.Whitespace or HoconTokenType.QuotedString or HoconTokenType.UnquotedText)
        {
            var token = Next();
            if (token.Type == HoconTokenType.QuotedString)
            {
                words.Add((token, "\"" + token.Text));
            }
            else if (token.Type == HoconTokenType.UnquotedText)
            {
                words.AddRange(SplitParentheses(token.Text).Select(word => (token, word)));
            }
        }

        var position = 0;
        var spec = ParseIncludeSpec(words, ref position, includeToken);
        if (position != words.Count)
        {
            throw Error(words[position].Token, $"unexpected '{words[position].Word.TrimStart('"')}' after the include");
        }

        return _includer.Include(spec, Origin(includeToken), includeToken.Column, _prefix.Concat(path).ToList());
    }

    private HoconIncludeSpec ParseIncludeSpec(List<(HoconToken Token, string Word)> words, ref int position, HoconToken at)
    {
        const string Expectation =
            "a quoted file name, file(\"...\"), required(...), url(...) or classpath(...) after 'include' (quote \"include\" to use it as a key)";
        if (position >= words.Count)
        {
            throw Expected(Expectation, Peek);
        }

        var (token, word) = words[position++];
        if (word.StartsWith('"'))
        {
            return new HoconIncludeSpec(HoconIncludeKind.Heuristic, word[1..], IsRequired: false);
        }

        if (position >= words.Count || words[position].Word != "(")
        {
            throw Error(token, $"expected {Expectation}, found '{word}'");
        }

        position++;
        HoconIncludeSpec spec;
        if (word == "required")
        {
            spec = ParseIncludeSpec(words, ref position, at) with { IsRequired = true };
        }
        else
        {
            var kind = word switch
            {
                "file" => HoconIncludeKind.File,
                "url" => HoconIncludeKind.Url,
                "classpath" => HoconIncludeKind.Classpath,
                _ => throw Error(token, $"expected {Expectation}, found '{word}('"),
            };
            if (position >= words.Count || !words[position].Word.StartsWith('"'))
            {
                throw Error(token, $"expected a quoted name after '{word}('");
            }

            spec = new HoconIncludeSpec(kind, words[position++].Word[1..], IsRequired: false);
        }

        if (position >= words.Count || words[position].Word != ")")
        {
            throw Error(position < words.Count ? words[position].Token : at, $"expected ')' to close '{word}('");
        }

        position++;
        return spec;
    }

    private static IEnumerable<string> SplitParentheses(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '(' or ')')
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return c.ToString();
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
