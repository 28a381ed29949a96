using System.Text;

namespace ActorFs.Node.Accounts;

/// <summary>Reads a secret from the person at the terminal without echoing it.</summary>
internal interface IPasswordPrompt
{
    /// <summary>Shows <paramref name="prompt"/> and reads one line without echo; null when there is no terminal to read from.</summary>
    string? ReadSecret(string prompt);
}

/// <summary>
/// What the offline <c>actorfs-node user</c> commands talk to: the standard streams, the terminal for passwords,
/// the hasher to use at a configured iteration count, and the clock. The process uses <see cref="FromConsole"/>;
/// specs pass their own, so they run in-process, in parallel, with cheap hashes.
/// </summary>
internal sealed record UserCommandContext(
    TextReader In, TextWriter Out, TextWriter Error, IPasswordPrompt Terminal, Func<int, PasswordHasher> Hasher, TimeProvider Time)
{
    public static UserCommandContext FromConsole() =>
        new(Console.In, Console.Out, Console.Error, new ConsolePasswordPrompt(), iterations => new PasswordHasher(iterations), TimeProvider.System);
}

/// <summary>Reads a password key by key with <see cref="Console.ReadKey(bool)"/>, echoing nothing; prompts go to standard error.</summary>
internal sealed class ConsolePasswordPrompt : IPasswordPrompt
{
    public string? ReadSecret(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }

        Console.Error.Write(prompt);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                secret.Length = Math.Max(0, secret.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return secret.ToString();
    }
}
