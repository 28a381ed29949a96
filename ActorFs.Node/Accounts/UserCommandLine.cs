using System.CommandLine;
using System.CommandLine.Parsing;
using ActorFs.Actors.Configuration;
using ActorFs.Node.Settings;

using ActorFs.Node.Quotas;

namespace ActorFs.Node.Accounts;

/// <summary>
/// <c>actorfs-node user add|del|passwd|list|set|recount</c>: account administration while the node is stopped,
/// on the store under the configured root (same <c>--config</c> and <c>--root</c> as running the node). Each
/// command takes the store's lock first and refuses while a node holds it. Passwords come from the terminal
/// without echo (asked twice) or as one line on standard input with <c>--password-stdin</c>, never from an
/// argument, where other users could read them in the process list. Exit codes: 0 done, 1 refused (bad name,
/// no such user, name taken, empty password, store locked or damaged), 2 usage. The bodies are in
/// <c>UserCommandLine.Actions.cs</c>.
/// </summary>
internal static partial class UserCommandLine
{
    /// <summary>The exit code of a refused request.</summary>
    public const int Refused = 1;

    /// <summary>The exit code of a malformed command line.</summary>
    public const int Usage = 2;

    private const string LockedMessage = "The account store is in use by a running node: stop the node, or use the client's admin commands.";

    /// <summary>The <c>user</c> command group. <paramref name="loadConfig"/> builds the node's configuration from a parse result (defaults, <c>--config</c>, flags).</summary>
    public static Command Create(UserCommandContext context, Option<string?> configFile, Option<string?> root, Func<ParseResult, Config> loadConfig)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = new Host(context, loadConfig);
        var user = new Command("user", "Manage accounts while the node is stopped (a running node refuses: use the client's admin commands)");
        user.Subcommands.Add(AddCommand(host, configFile, root));
        user.Subcommands.Add(DeleteCommand(host, configFile, root));
        user.Subcommands.Add(PasswordCommand(host, configFile, root));
        user.Subcommands.Add(ListCommand(host, configFile, root));
        user.Subcommands.Add(SetCommand(host, configFile, root));
        user.Subcommands.Add(RecountCommand(host, configFile, root));
        return user;
    }

    /// <summary>Whether <paramref name="result"/> failed to parse inside <paramref name="user"/>, whose errors exit with <see cref="Usage"/>.</summary>
    public static bool IsUsageError(ParseResult result, Command user)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count == 0)
        {
            return false;
        }

        for (SymbolResult? symbol = result.CommandResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is CommandResult command && ReferenceEquals(command.Command, user))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Prints the parse errors and where to find help; returns <see cref="Usage"/>.</summary>
    public static int ReportUsageErrors(ParseResult result, UserCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var error in result.Errors)
        {
            context.Error.WriteLine($"actorfs-node: {error.Message}");
        }

        var path = new List<string>();
        for (SymbolResult? symbol = result.CommandResult; symbol is CommandResult command && command.Parent is not null; symbol = symbol.Parent)
        {
            path.Insert(0, command.Command.Name);
        }

        context.Error.WriteLine($"Run 'actorfs-node {string.Join(' ', path)} --help' for usage.");
        return Usage;
    }

    private static Command AddCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var name = NameArgument();
        var quota = QuotaOption();
        var maxFiles = MaxFilesOption();
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator" };
        var stdin = PasswordStdinOption();
        var command = new Command("add", "Add a user and create its home folder, ROOT/home/NAME") { name, quota, maxFiles, admin, stdin, configFile, root };
        command.SetAction(result => host.Run(result, createRoot: true, session => Add(
            session,
            result.GetValue(name)!,
            new UserOptions(
                result.GetValue(quota) is { } q ? SizeText.ParseSize(q, "--quota") : null,
                result.GetValue(maxFiles) is { } m ? SizeText.ParseCount(m, "--max-files") : null,
                result.GetValue(admin)),
            result.GetValue(stdin))));
        return command;
    }

    private static Command DeleteCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var name = NameArgument();
        var command = new Command("del", "Delete a user with its sessions and the grants naming it (its files stay)") { name, configFile, root };
        command.SetAction(result => host.Run(result, createRoot: false, session => Delete(session, result.GetValue(name)!)));
        return command;
    }

    private static Command PasswordCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var name = NameArgument();
        var stdin = PasswordStdinOption();
        var command = new Command("passwd", "Set a user's password (signs out all its sessions)") { name, stdin, configFile, root };
        command.SetAction(result => host.Run(result, createRoot: false, session => ChangePassword(session, result.GetValue(name)!, result.GetValue(stdin))));
        return command;
    }

    private static Command ListCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var command = new Command("list", "List the users with their limits and usage") { json, configFile, root };
        command.SetAction(result => host.Run(result, createRoot: false, session => List(session, result.GetValue(json))));
        return command;
    }

    private static Command SetCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var name = NameArgument();
        var quota = QuotaOption();
        var maxFiles = MaxFilesOption();
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator" };
        var noAdmin = new Option<bool>("--no-admin") { Description = "Make the user an ordinary user" };
        var disable = new Option<bool>("--disable") { Description = "Refuse the user's sign-ins and end its sessions" };
        var enable = new Option<bool>("--enable") { Description = "Allow the user to sign in again" };
        var command = new Command("set", "Change a user's limits and flags") { name, quota, maxFiles, admin, noAdmin, disable, enable, configFile, root };
        command.Validators.Add(symbol =>
        {
            if (symbol.GetValue(admin) && symbol.GetValue(noAdmin)) symbol.AddError("--admin and --no-admin cannot be used together.");
            if (symbol.GetValue(disable) && symbol.GetValue(enable)) symbol.AddError("--disable and --enable cannot be used together.");
            if (new Option[] { quota, maxFiles, admin, noAdmin, disable, enable }.All(o => symbol.GetResult(o) is null))
            {
                symbol.AddError("Nothing to set: give --quota, --max-files, --admin, --no-admin, --disable or --enable.");
            }
        });
        command.SetAction(result => host.Run(result, createRoot: false, session => Set(session, result.GetValue(name)!, options => options with
        {
            QuotaBytes = result.GetValue(quota) is { } q ? SizeText.ParseSize(q, "--quota") : options.QuotaBytes,
            MaxFiles = result.GetValue(maxFiles) is { } m ? SizeText.ParseCount(m, "--max-files") : options.MaxFiles,
            Admin = result.GetValue(admin) || (!result.GetValue(noAdmin) && options.Admin),
            Disabled = result.GetValue(disable) || (!result.GetValue(enable) && options.Disabled),
        })));
        return command;
    }

    private static Command RecountCommand(Host host, Option<string?> configFile, Option<string?> root)
    {
        var command = new Command("recount", "Rebuild usage.json by walking each user's home folder") { configFile, root };
        command.SetAction(result => host.Run(result, createRoot: false, Recount));
        return command;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The user name (" + UserNames.Rule + ")" };

    private static Option<string?> QuotaOption() => new("--quota") { Description = "Most bytes the user's files may take: a size such as 10GiB, 500MB, 1024, or none", HelpName = "SIZE|none" };

    private static Option<string?> MaxFilesOption() => new("--max-files") { Description = "Most files the user may keep, or none", HelpName = "N|none" };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password as one line from standard input instead of the terminal" };

    /// <summary>What every command does around its body: settings, the root, the lock, and turning refusals into exit codes.</summary>
    private sealed class Host(UserCommandContext context, Func<ParseResult, Config> loadConfig)
    {
        public int Run(ParseResult result, bool createRoot, Func<Session, int> body)
        {
            NodeSettings node;
            try
            {
                node = NodeSettings.Bind(loadConfig(result));
            }
            catch (Exception e) when (e is ConfigException or SettingsException)
            {
                context.Error.WriteLine($"actorfs-node: {e.Message}");
                return Usage;
            }

            try
            {
                if (createRoot)
                {
                    Directory.CreateDirectory(node.RootDirectory);
                }
                else if (!Directory.Exists(node.RootDirectory))
                {
                    context.Error.WriteLine($"actorfs-node: the root folder {node.RootDirectory} does not exist.");
                    return Refused;
                }

                var folder = AccountStore.FolderOf(node.RootDirectory);
                using var held = StoreLock.TryAcquire(folder);
                if (held is null)
                {
                    context.Error.WriteLine($"actorfs-node: {LockedMessage}");
                    return Refused;
                }

                return body(new Session(context, node.RootDirectory, new AccountStore(folder), new UsageFile(folder), node.Accounts));
            }
            catch (Exception e) when (e is AccountException or AccountStoreException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"actorfs-node: {e.Message}");
                return Refused;
            }
            catch (UsageException e)
            {
                context.Error.WriteLine($"actorfs-node: {e.Message}");
                return Usage;
            }
        }
    }

    /// <summary>One command's view of the store, under its lock.</summary>
    private sealed record Session(UserCommandContext Context, string Root, AccountStore Store, UsageFile Usage, AccountSettings Settings)
    {
        public DateTime Now => Context.Time.GetUtcNow().UtcDateTime;

        public PasswordHasher Hasher => Context.Hasher(Settings.Pbkdf2Iterations);
    }

    /// <summary>A command line that is well-formed but cannot be carried out as given (no terminal for a password prompt).</summary>
    private sealed class UsageException(string message) : Exception(message);
}
