// The shell's command interpreter, with no terminal in it: one ShellSession per connected client,
// fed command lines (from the line editor, -c, a one-shot command or a script on stdin) and writing
// to TextWriters, so the specs drive it exactly as a user would. Remote commands are in this file,
// transfers in ShellSession.Transfers.cs, local commands and output helpers in ShellSession.Local.cs.
using System.Text.Json;
using ActorFs.Messages;

namespace ActorFs.Client.Shell;

/// <summary>Settings a shell starts with.</summary>
internal sealed record ShellSettings
{
    public string LocalDirectory { get; init; } = Directory.GetCurrentDirectory();

    public string? DownloadDirectory { get; init; }

    public bool Force { get; init; }

    public bool Json { get; init; }

    public ITransferView? View { get; init; }
}

internal sealed partial class ShellSession(ActorFsClient client, TextWriter output, TextWriter error, ShellSettings settings)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly ITransferView view = settings.View ?? new SilentTransferView();

    /// <summary>Every command name the shell knows (with aliases), for help and completion.</summary>
    public static IReadOnlyList<string> CommandNames { get; } =
    [
        "pwd", "cd", "ls", "dir", "mkdir", "rm", "rmdir", "mv", "stat", "sha256", "get", "put",
        "lpwd", "lcd", "lls", "lmkdir", "ldir", "help", "h", "?", "exit", "quit", "bye", "x",
    ];

    private static readonly (string Usage, string Summary)[] Help =
    [
        ("pwd", "Show the remote working directory."),
        ("cd PATH", "Change the remote working directory."),
        ("ls [-l] [PATH]", "List a remote directory (-l adds the SHA-256 when the node knows it)."),
        ("mkdir PATH", "Create a remote directory."),
        ("rm PATH", "Remove a remote file."),
        ("rmdir PATH", "Remove an empty remote directory."),
        ("mv [-f] FROM TO", "Move or rename (-f replaces an existing file)."),
        ("stat PATH", "Show a remote entry's details."),
        ("sha256 PATH", "Show a remote file's SHA-256."),
        ("get [-r] [-f] REMOTE [LOCAL]", "Download, verified (globs like *.pdf; -r for directories; -f replaces local files)."),
        ("put [-r] [-f] LOCAL [REMOTE]", "Upload, verified (globs like *.txt; -r for directories; -f replaces remote files)."),
        ("lpwd", "Show the local working directory."),
        ("lcd DIR", "Change the local working directory."),
        ("lls [DIR]", "List a local directory."),
        ("lmkdir DIR", "Create a local directory."),
        ("ldir [DIR]", "Show or set the download directory."),
        ("help, h, ?", "This list."),
        ("exit, quit, bye, x", "Leave the shell."),
    ];

    /// <summary>The usage line and summary of one command (any of its names), or null when there is no such command.</summary>
    internal static (string Usage, string Summary)? HelpFor(string command)
    {
        foreach (var entry in Help)
        {
            var names = entry.Usage.Split(' ')[0].Split(',', StringSplitOptions.TrimEntries);
            if (entry.Usage.Contains(',', StringComparison.Ordinal)) names = entry.Usage.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(n => string.Equals(n, command, StringComparison.OrdinalIgnoreCase))) return entry;
        }
        return null;
    }

    /// <summary>True for words that ask for help on the command they follow.</summary>
    internal static bool IsHelpFlag(string word) => word is "--help" or "-h" or "-?";

    public ActorFsClient Client => client;

    public string LocalDirectory { get; private set; } = Path.GetFullPath(settings.LocalDirectory);

    /// <summary>Where downloads go: the folder chosen with --dir or ldir, else the local working directory (as sftp's get).</summary>
    public string DownloadDirectory => _downloadDirectory ?? LocalDirectory;

    private string? _downloadDirectory = settings.DownloadDirectory is null ? null : Path.GetFullPath(settings.DownloadDirectory);

    /// <summary>Set by exit/quit/bye/x.</summary>
    public bool ExitRequested { get; private set; }

    /// <summary>
    /// Runs every line of <paramref name="input"/> (each may hold several commands separated by <c>;</c>).
    /// A failed command is reported and the shell goes on (unless <paramref name="stopOnError"/>);
    /// returns the exit code of the last failure, or 0.
    /// </summary>
    public async Task<int> RunAsync(Func<Task<string?>> readLine, bool stopOnError, CancellationToken cancellationToken)
    {
        var result = ExitCodes.Ok;
        while (!ExitRequested && await readLine().ConfigureAwait(false) is { } line)
        {
            var code = await RunLineAsync(line, stopOnError, cancellationToken).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                result = code;
                if (stopOnError)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Runs the <c>;</c>-separated commands of one line.</summary>
    public async Task<int> RunLineAsync(string line, bool stopOnError, CancellationToken cancellationToken)
    {
        var result = ExitCodes.Ok;
        foreach (var command in CommandText.SplitCommands(line))
        {
            var code = await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                result = code;
                if (stopOnError)
                {
                    break;
                }
            }

            if (ExitRequested)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Runs one command; failures are printed, never thrown. Returns its exit code.</summary>
    public async Task<int> ExecuteAsync(string line, CancellationToken cancellationToken)
    {
        if (!CommandText.TryTokenize(line, out var words))
        {
            return Fail("shell", ExitCodes.Usage, "A quote is not closed.");
        }

        if (words.Count == 0 || words[0].StartsWith('#'))
        {
            return ExitCodes.Ok;
        }

        var name = words[0].ToLowerInvariant();
        var args = words.Skip(1).ToList();
        try
        {
            return await DispatchAsync(name, args, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Fail(name, ExitCodes.Usage, e.Message);
        }
        catch (ActorFsException e)
        {
            var detail = e.IsRemoteRefusal ? $" ({(int)e.StatusCode} {e.ErrorCode.ToWire()})" : string.Empty;
            return Fail(name, ExitCodes.Of(e), e.Message + detail, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Fail(name, ExitCodes.LocalFailure, e.Message);
        }
    }

    private async Task<int> DispatchAsync(string name, List<string> args, CancellationToken ct)
    {
        if (args.Any(IsHelpFlag) && HelpFor(name) is not null) return ShowHelp(name);
        switch (name)
        {
            case "pwd":
                Expect(args, 0, 0, "pwd");
                var pwd = await client.PwdAsync(ct).ConfigureAwait(false);
                return Done(name, pwd, new() { ["path"] = pwd });
            case "cd":
                Expect(args, 1, 1, "cd PATH");
                var cwd = await client.CdAsync(args[0], ct).ConfigureAwait(false);
                return Done(name, null, new() { ["path"] = cwd });
            case "ls" or "dir":
                return await ListAsync(args, ct).ConfigureAwait(false);
            case "mkdir":
                Expect(args, 1, 1, "mkdir PATH");
                var made = await client.MkdirAsync(args[0], ct).ConfigureAwait(false);
                return Done(name, $"created {made}", new() { ["path"] = made });
            case "rm":
                Expect(args, 1, int.MaxValue, "rm PATH...");
                foreach (var path in args)
                {
                    var removed = await client.RmAsync(path, ct).ConfigureAwait(false);
                    Done(name, $"removed {removed}", new() { ["path"] = removed });
                }

                return ExitCodes.Ok;
            case "rmdir":
                Expect(args, 1, 1, "rmdir PATH");
                var gone = await client.RmdirAsync(args[0], ct).ConfigureAwait(false);
                return Done(name, $"removed {gone}", new() { ["path"] = gone });
            case "mv":
            {
                var (flags, rest) = Flags(args, "f");
                Expect(rest, 2, 2, "mv [-f] FROM TO");
                var (from, to) = await client.MoveAsync(rest[0], rest[1], flags.Contains('f') || settings.Force, ct).ConfigureAwait(false);
                return Done(name, $"moved {from} -> {to}", new() { ["from"] = from, ["to"] = to });
            }

            case "stat":
            {
                Expect(args, 1, 1, "stat PATH");
                var (path, entry) = await client.StatAsync(args[0], ct).ConfigureAwait(false);
                var text = $"path: {path}\nkind: {KindOf(entry.Kind)}\nsize: {(entry.Size is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}\n"
                    + $"modified: {entry.Modified.ToLocalTime():yyyy-MM-dd HH:mm:ss}\nsha256: {entry.Sha256 ?? "(not cached)"}";
                return Done(name, text, EntryJson(entry, path));
            }

            case "sha256":
            {
                Expect(args, 1, 1, "sha256 PATH");
                var sha = await client.Sha256Async(args[0], ct).ConfigureAwait(false);
                return Done(name, $"{sha.Digest}  {sha.Path}", new() { ["path"] = sha.Path, ["size"] = sha.Size, ["sha256"] = sha.Digest });
            }

            case "get":
                return await GetAsync(args, ct).ConfigureAwait(false);
            case "put":
                return await PutAsync(args, ct).ConfigureAwait(false);
            case "lpwd" or "lcd" or "lls" or "lmkdir" or "ldir":
                return Local(name, args);
            case "help" or "h" or "?":
                return args.Count == 1 ? ShowHelp(args[0]) : ShowHelp();
            case "exit" or "quit" or "bye" or "x":
                ExitRequested = true;
                return ExitCodes.Ok;
            default:
                throw new UsageException($"Unknown command '{name}'. Type 'help' for the list.");
        }
    }

    private async Task<int> ListAsync(List<string> args, CancellationToken ct)
    {
        var (flags, rest) = Flags(args, "la");
        Expect(rest, 0, 1, "ls [-l] [PATH]");
        var path = rest.Count == 1 ? rest[0] : null;
        var entries = new List<V2.Entry>();
        if (path is not null && CommandText.IsGlob(path))
        {
            var (dir, pattern) = SplitRemote(path);
            await foreach (var e in client.EnumerateAsync(dir, null, ct).ConfigureAwait(false))
            {
                if (CommandText.GlobMatch(pattern, e.Name))
                {
                    entries.Add(e);
                }
            }
        }
        else
        {
            await foreach (var e in client.EnumerateAsync(path, null, ct).ConfigureAwait(false))
            {
                entries.Add(e);
            }
        }

        if (settings.Json)
        {
            WriteJson(new() { ["command"] = "ls", ["ok"] = true, ["entries"] = entries.Select(e => EntryJson(e, null)).ToList() });
            return ExitCodes.Ok;
        }

        var rows = entries.Select(e => new[]
        {
            e.Kind == V2.EntryKind.Directory ? e.Name + "/" : e.Name,
            KindOf(e.Kind),
            e.Size is { } size ? Sizes.Format(size) : "-",
            e.Modified.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        }.Concat(flags.Contains('l') ? [e.Sha256 ?? "-"] : []).ToArray()).ToList();
        string[] header = flags.Contains('l') ? ["NAME", "KIND", "SIZE", "MODIFIED", "SHA256"] : ["NAME", "KIND", "SIZE", "MODIFIED"];
        WriteTable(header, rows, rightAligned: 2);
        return ExitCodes.Ok;
    }

    private int ShowHelp(string command)
    {
        if (HelpFor(command) is not { } entry) throw new UsageException($"Unknown command '{command}'. Type 'help' for the list.");
        if (settings.Json)
        {
            WriteJson(new() { ["command"] = "help", ["ok"] = true, ["commands"] = new List<Dictionary<string, object?>> { new() { ["usage"] = entry.Usage, ["summary"] = entry.Summary } } });
            return ExitCodes.Ok;
        }

        output.WriteLine($"usage: {entry.Usage}");
        output.WriteLine($"  {entry.Summary}");
        return ExitCodes.Ok;
    }

    private int ShowHelp()
    {
        if (settings.Json)
        {
            WriteJson(new() { ["command"] = "help", ["ok"] = true, ["commands"] = Help.Select(h => new Dictionary<string, object?> { ["usage"] = h.Usage, ["summary"] = h.Summary }).ToList() });
            return ExitCodes.Ok;
        }

        WriteTable(["COMMAND", "WHAT IT DOES"], [.. Help.Select(h => new[] { h.Usage, h.Summary })], rightAligned: -1);
        output.WriteLine("Names are case-insensitive; quote names with spaces (\"my file.txt\"); separate commands with ';'.");
        return ExitCodes.Ok;
    }

    private sealed class UsageException(string message) : Exception(message);
}
