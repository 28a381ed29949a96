using System.Text;

namespace ActorFs.Client.Shell;

/// <summary>Splits shell input: commands at unquoted <c>;</c>, words at unquoted spaces, with '…', "…" and backslash escapes.</summary>
internal static class CommandText
{
    public static IReadOnlyList<string> SplitCommands(string text)
    {
        var commands = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && quote != '\'' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
                continue;
            }

            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c is ';' or '\n')
            {
                commands.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        commands.Add(current.ToString());
        return [.. commands.Where(c => !string.IsNullOrWhiteSpace(c))];
    }

    /// <summary>The words of one command; false when a quote is not closed.</summary>
    public static bool TryTokenize(string line, out List<string> words)
    {
        words = [];
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else
            {
                current.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return quote is null;
    }

    /// <summary>Quotes a word for display or completion when it holds spaces or quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';') ? word : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static bool IsGlob(string text) => text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal);

    /// <summary>Simple globs: <c>*</c> any run, <c>?</c> one character; ordinal.</summary>
    public static bool GlobMatch(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
