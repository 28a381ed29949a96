// A small line editor over Console.ReadKey for the interactive shell: left/right, home/end,
// backspace/delete, history (up/down) and tab completion (the candidates come from the shell).
// Used only when stdin and stdout are a terminal; otherwise the shell reads plain lines.
using System.Text;

namespace ActorFs.Client.Shell;

internal sealed class LineEditor(Func<string, Task<IReadOnlyList<string>>> complete)
{
    private readonly List<string> history = [];

    public async Task<string?> ReadLineAsync(string prompt)
    {
        System.Console.Write(prompt);
        var line = new StringBuilder();
        var cursor = 0;
        var recall = history.Count;
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    System.Console.WriteLine();
                    var text = line.ToString();
                    if (text.Trim().Length > 0 && (history.Count == 0 || history[^1] != text))
                    {
                        history.Add(text);
                    }

                    return text;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    System.Console.WriteLine();
                    return null;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = line.Length;
                    break;
                case ConsoleKey.UpArrow when recall > 0:
                    line.Clear().Append(history[--recall]);
                    cursor = line.Length;
                    break;
                case ConsoleKey.DownArrow when recall < history.Count:
                    recall++;
                    line.Clear().Append(recall < history.Count ? history[recall] : string.Empty);
                    cursor = line.Length;
                    break;
                case ConsoleKey.Tab:
                {
                    var before = line.ToString(0, cursor);
                    var candidates = await complete(before).ConfigureAwait(false);
                    var start = WordStart(before);
                    if (candidates.Count == 1)
                    {
                        line.Remove(start, cursor - start).Insert(start, candidates[0]);
                        cursor = start + candidates[0].Length;
                    }
                    else if (candidates.Count > 1)
                    {
                        var common = CommonPrefix(candidates);
                        if (common.Length > cursor - start)
                        {
                            line.Remove(start, cursor - start).Insert(start, common);
                            cursor = start + common.Length;
                        }
                        else
                        {
                            System.Console.WriteLine();
                            System.Console.WriteLine(string.Join("  ", candidates));
                        }
                    }

                    break;
                }

                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, line.ToString(), cursor);
        }
    }

    /// <summary>Where the word under the cursor starts (after the last unquoted space).</summary>
    public static int WordStart(string before)
    {
        char? quote = null;
        var start = 0;
        for (var i = 0; i < before.Length; i++)
        {
            var c = before[i];
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == ' ')
            {
                start = i + 1;
            }
        }

        return start;
    }

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var prefix = words[0];
        foreach (var w in words)
        {
            var n = 0;
            while (n < prefix.Length && n < w.Length && prefix[n] == w[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }

    private static void Redraw(string prompt, string text, int cursor)
    {
        var width = Math.Max(1, System.Console.BufferWidth);
        System.Console.Write("\r" + prompt + text + " \u001b[K");
        var column = (prompt.Length + cursor) % width;
        System.Console.Write("\r");
        if (column > 0)
        {
            System.Console.Write($"\u001b[{column}C");
        }
    }
}
