using System.Text.Json.Nodes;
using ActorFs.Node;
using ActorFs.Node.Accounts;

using ActorFs.Node.Quotas;

namespace ActorFs.Tests.Node.Accounts;

/// <summary>The offline <c>actorfs-node user</c> commands, run through the real command-line entry point in-process.</summary>
public sealed class UserCommandLineSpec : IDisposable
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => AccountStore.FolderOf(_temp.Root);

    private AccountsDocument Stored => new AccountStore(Folder).Load();

    private sealed record Outcome(int Exit, string Out, string Error)
    {
        public override string ToString() => $"exit {Exit}\nstdout: {Out}\nstderr: {Error}";
    }

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    /// <summary>A terminal that answers the password prompts from a script; null answers mean "no terminal".</summary>
    private sealed class ScriptedTerminal(params string?[] answers) : IPasswordPrompt
    {
        private readonly Queue<string?> _answers = new(answers);

        public List<string> Prompts { get; } = [];

        public string? ReadSecret(string prompt)
        {
            Prompts.Add(prompt);
            return _answers.TryDequeue(out var answer) ? answer : null;
        }
    }

    private Outcome Run(string stdin, IPasswordPrompt terminal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new UserCommandContext(new StringReader(stdin), output, error, terminal, _ => PasswordHasher.ForTests(100), new FixedTime(Now));
        var exit = NodeCommandLine.Run([.. args, "--root", _temp.Root], context);
        return new Outcome(exit, output.ToString(), error.ToString());
    }

    private Outcome Run(params string[] args) => Run("", new ScriptedTerminal(), args);

    private Outcome AddWithStdin(string name, string password, params string[] more) =>
        Run(password + "\n", new ScriptedTerminal(), ["user", "add", name, "--password-stdin", .. more]);

    private static bool Verifies(AccountsDocument document, string name, string password) =>
        PasswordHasher.ForTests(100).Verify(password, document.GetUser(name).Password);

    private string IssueToken(string name)
    {
        var hash = SessionTokenGenerator.Hash(SessionTokenGenerator.Generate());
        var store = new AccountStore(Folder);
        store.Save(store.Load().IssueToken(hash, name, Now, TimeSpan.FromDays(1)));
        return hash;
    }

    [Fact]
    public void Adding_a_user_with_a_password_on_stdin_stores_its_hash_and_creates_its_home()
    {
        var outcome = AddWithStdin("alice", "s3cret!");

        Assert.True(outcome.Exit == 0, outcome.ToString());
        Assert.Contains("Added alice", outcome.Out, StringComparison.Ordinal);
        Assert.True(Verifies(Stored, "alice", "s3cret!"));
        Assert.Equal(Now, Stored.GetUser("alice").CreatedUtc);
        Assert.True(Directory.Exists(Path.Join(_temp.Root, "home", "alice")));
        Assert.Equal(Usage.Zero, new UsageFile(Folder).Load()["alice"]);
        Assert.DoesNotContain("s3cret!", outcome.Out + outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_on_stdin_is_one_line_without_its_line_ending()
    {
        Assert.Equal(0, Run("with spaces \r\nsecond line\n", new ScriptedTerminal(), "user", "add", "alice", "--password-stdin").Exit);

        Assert.True(Verifies(Stored, "alice", "with spaces "));
    }

    [Fact]
    public void Adding_from_the_terminal_asks_twice_and_stores_the_password_when_both_match()
    {
        var terminal = new ScriptedTerminal("typed", "typed");

        var outcome = Run("", terminal, "user", "add", "alice");

        Assert.Equal(0, outcome.Exit);
        Assert.Equal(2, terminal.Prompts.Count);
        Assert.True(Verifies(Stored, "alice", "typed"));
    }

    [Fact]
    public void Two_different_passwords_at_the_terminal_add_nobody()
    {
        var outcome = Run("", new ScriptedTerminal("typed", "typo"), "user", "add", "alice");

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("differ", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Stored.Users);
    }

    [Fact]
    public void Without_a_terminal_and_without_password_stdin_the_command_is_a_usage_error()
    {
        var outcome = Run("", new ScriptedTerminal(), "user", "add", "alice");

        Assert.Equal(2, outcome.Exit);
        Assert.Contains("--password-stdin", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Stored.Users);
    }

    [Fact]
    public void A_password_given_as_an_argument_is_refused_as_usage()
    {
        var outcome = Run("user", "add", "alice", "hunter2");

        Assert.Equal(2, outcome.Exit);
        Assert.False(File.Exists(Path.Join(Folder, "accounts.json")));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("")]
    public void An_empty_password_is_refused(string stdin)
    {
        var outcome = Run(stdin, new ScriptedTerminal(), "user", "add", "alice", "--password-stdin");

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("The password is empty.", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Stored.Users);
    }

    [Fact]
    public void An_empty_password_at_the_terminal_is_refused_before_the_second_prompt()
    {
        var terminal = new ScriptedTerminal("", "");

        Assert.Equal(1, Run("", terminal, "user", "add", "alice").Exit);
        Assert.Single(terminal.Prompts);
    }

    [Fact]
    public void Adding_a_taken_name_is_refused_and_keeps_the_first_password()
    {
        AddWithStdin("alice", "first");

        var outcome = AddWithStdin("alice", "second");

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("exists already", outcome.Error, StringComparison.Ordinal);
        Assert.True(Verifies(Stored, "alice", "first"));
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public void Adding_a_bad_name_is_refused_with_the_rule(string name)
    {
        var outcome = AddWithStdin(name, "pw");

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("1 to 32 characters", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Stored.Users);
    }

    [Fact]
    public void Adding_with_limits_and_admin_stores_them()
    {
        var outcome = AddWithStdin("alice", "pw", "--quota", "10GiB", "--max-files", "500", "--admin");

        Assert.Equal(0, outcome.Exit);
        Assert.Equal(new UserOptions(10L << 30, 500, Admin: true), Stored.GetUser("alice").Options);
        Assert.Contains("quota 10 GiB", outcome.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("1024", 1024L)]
    [InlineData("1.5 KiB", 1536L)]
    [InlineData("none", null)]
    public void Quotas_parse_like_hocon_sizes(string text, long? bytes)
    {
        Assert.Equal(0, AddWithStdin("alice", "pw", "--quota", text).Exit);

        Assert.Equal(bytes, Stored.GetUser("alice").QuotaBytes);
    }

    [Theory]
    [InlineData("--quota", "10XB")]
    [InlineData("--quota", "-5")]
    [InlineData("--max-files", "many")]
    [InlineData("--max-files", "-1")]
    public void A_bad_limit_is_refused_and_adds_nobody(string option, string value)
    {
        var outcome = AddWithStdin("alice", "pw", option, value);

        Assert.Equal(1, outcome.Exit);
        Assert.Contains(value, outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Stored.Users);
    }

    [Fact]
    public void An_existing_home_folder_is_kept_when_its_user_is_added_and_counted()
    {
        var home = Directory.CreateDirectory(Path.Join(_temp.Root, "home", "alice")).FullName;
        File.WriteAllBytes(Path.Join(home, "old.bin"), new byte[42]);

        var outcome = AddWithStdin("alice", "pw");

        Assert.Contains("existed", outcome.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(home, "old.bin")));
        Assert.Equal(new Usage(42, 1), new UsageFile(Folder).Load()["alice"]);
    }

    [Fact]
    public void Deleting_a_user_removes_it_and_its_tokens_but_keeps_its_files()
    {
        AddWithStdin("alice", "pw");
        AddWithStdin("bob", "pw");
        IssueToken("alice");
        File.WriteAllText(Path.Join(_temp.Root, "home", "alice", "keep.txt"), "mine");

        var outcome = Run("user", "del", "alice");

        Assert.Equal(0, outcome.Exit);
        Assert.Equal(["bob"], Stored.Users.Keys);
        Assert.Empty(Stored.Tokens);
        Assert.True(File.Exists(Path.Join(_temp.Root, "home", "alice", "keep.txt")));
        Assert.Contains("stay in", outcome.Out, StringComparison.Ordinal);
        Assert.False(new UsageFile(Folder).Load().ContainsKey("alice"));
    }

    [Theory]
    [InlineData("del")]
    [InlineData("passwd")]
    [InlineData("set")]
    public void Naming_an_unknown_user_is_refused(string command)
    {
        AddWithStdin("alice", "pw");
        string[] args = command == "set" ? ["user", command, "bob", "--admin"] : ["user", command, "bob", "--password-stdin"];
        if (command == "del") args = ["user", "del", "bob"];

        var outcome = Run("pw\n", new ScriptedTerminal(), args);

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("No user is named 'bob'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_password_replaces_the_hash_and_revokes_the_users_tokens()
    {
        AddWithStdin("alice", "old");
        AddWithStdin("bob", "pw");
        IssueToken("alice");
        var bobs = IssueToken("bob");

        var outcome = Run("new\n", new ScriptedTerminal(), "user", "passwd", "alice", "--password-stdin");

        Assert.Equal(0, outcome.Exit);
        Assert.Contains("1 session token(s) revoked", outcome.Out, StringComparison.Ordinal);
        Assert.True(Verifies(Stored, "alice", "new"));
        Assert.Equal([bobs], Stored.Tokens.Keys);
    }

    [Fact]
    public void Listing_shows_every_user_with_limits_and_usage()
    {
        AddWithStdin("alice", "pw", "--quota", "1GiB", "--admin");
        AddWithStdin("bob", "pw");

        var outcome = Run("user", "list");

        Assert.Equal(0, outcome.Exit);
        var lines = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^alice\s+yes\s+no\s+0 B\s+1 GiB\s+0\s+unlimited$", lines[1]);
        Assert.Matches(@"^bob\s+no\s+no\s+0 B\s+unlimited\s+0\s+unlimited$", lines[2]);
    }

    [Fact]
    public void Listing_as_json_gives_the_wire_shape_and_no_secrets()
    {
        AddWithStdin("alice", "pw", "--max-files", "7");

        var outcome = Run("user", "list", "--json");

        Assert.Equal(0, outcome.Exit);
        var alice = JsonNode.Parse(outcome.Out)!["users"]![0]!;
        Assert.Equal("alice", (string)alice["name"]!);
        Assert.Equal("/home/alice", (string)alice["home"]!);
        Assert.Equal(7, (long)alice["max_files"]!);
        Assert.Null(alice["quota_bytes"]);
        Assert.Equal(0, (long)alice["used_bytes"]!);
        Assert.False((bool)alice["admin"]!);
        Assert.DoesNotContain("salt", outcome.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_an_empty_store_says_how_to_add_a_user()
    {
        Directory.CreateDirectory(_temp.Root);

        var outcome = Run("user", "list");

        Assert.Equal(0, outcome.Exit);
        Assert.Contains("user add", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_changes_only_what_is_named()
    {
        AddWithStdin("alice", "pw", "--quota", "1GiB", "--max-files", "10");

        Assert.Equal(0, Run("user", "set", "alice", "--admin").Exit);
        Assert.Equal(new UserOptions(1L << 30, 10, Admin: true), Stored.GetUser("alice").Options);

        Assert.Equal(0, Run("user", "set", "alice", "--quota", "none", "--no-admin").Exit);
        Assert.Equal(new UserOptions(null, 10, Admin: false), Stored.GetUser("alice").Options);

        Assert.Equal(0, Run("user", "set", "alice", "--max-files", "none").Exit);
        Assert.Equal(UserOptions.Default, Stored.GetUser("alice").Options);
    }

    [Fact]
    public void Disabling_a_user_revokes_its_tokens_and_enabling_it_restores_sign_in()
    {
        AddWithStdin("alice", "pw");
        IssueToken("alice");

        Assert.Equal(0, Run("user", "set", "alice", "--disable").Exit);
        Assert.True(Stored.GetUser("alice").Disabled);
        Assert.Empty(Stored.Tokens);

        Assert.Equal(0, Run("user", "set", "alice", "--enable").Exit);
        Assert.False(Stored.GetUser("alice").Disabled);
    }

    [Theory]
    [InlineData("--admin", "--no-admin")]
    [InlineData("--disable", "--enable")]
    public void Contradictory_flags_are_a_usage_error(string one, string other)
    {
        AddWithStdin("alice", "pw");

        var outcome = Run("user", "set", "alice", one, other);

        Assert.Equal(2, outcome.Exit);
        Assert.Contains("cannot be used together", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_nothing_is_a_usage_error()
    {
        var outcome = Run("user", "set", "alice");

        Assert.Equal(2, outcome.Exit);
        Assert.Contains("Nothing to set", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Recounting_rebuilds_usage_from_every_home()
    {
        AddWithStdin("alice", "pw");
        AddWithStdin("bob", "pw");
        File.WriteAllBytes(Path.Join(_temp.Root, "home", "alice", "a.bin"), new byte[2048]);
        Directory.CreateDirectory(Path.Join(_temp.Root, "home", "alice", "sub"));
        File.WriteAllBytes(Path.Join(_temp.Root, "home", "alice", "sub", "b.bin"), new byte[10]);
        File.WriteAllText(new UsageFile(Folder).FilePath, "{ damaged");

        var outcome = Run("user", "recount");

        Assert.Equal(0, outcome.Exit);
        Assert.Contains("alice: 2 KiB in 2 file(s)", outcome.Out, StringComparison.Ordinal);
        var usage = new UsageFile(Folder).Load();
        Assert.Equal(new Usage(2058, 2), usage["alice"]);
        Assert.Equal(Usage.Zero, usage["bob"]);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("del")]
    [InlineData("passwd")]
    [InlineData("list")]
    [InlineData("set")]
    [InlineData("recount")]
    public void Every_command_refuses_while_a_node_holds_the_lock(string command)
    {
        AddWithStdin("alice", "pw");
        using var node = StoreLock.TryAcquire(Folder);
        string[] args = command switch
        {
            "add" => ["user", "add", "bob", "--password-stdin"],
            "del" => ["user", "del", "alice"],
            "passwd" => ["user", "passwd", "alice", "--password-stdin"],
            "set" => ["user", "set", "alice", "--admin"],
            _ => ["user", command],
        };

        var outcome = Run("pw\n", new ScriptedTerminal(), args);

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("stop the node, or use the client's admin commands", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(["alice"], Stored.Users.Keys);
        Assert.False(Stored.GetUser("alice").Admin);
    }

    [Fact]
    public void A_damaged_store_is_refused_with_its_file_name_and_left_alone()
    {
        AddWithStdin("alice", "pw");
        var file = new AccountStore(Folder).FilePath;
        File.WriteAllText(file, "{ damaged");

        var outcome = Run("user", "list");

        Assert.Equal(1, outcome.Exit);
        Assert.Contains(file, outcome.Error, StringComparison.Ordinal);
        Assert.Equal("{ damaged", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("recount")]
    public void Commands_other_than_add_refuse_a_root_that_does_not_exist(string command)
    {
        var outcome = Run("user", command);

        Assert.Equal(1, outcome.Exit);
        Assert.Contains("does not exist", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Root));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("user", "add")]
    [InlineData("user", "frobnicate")]
    [InlineData("user", "list", "--colour")]
    public void A_malformed_user_command_is_a_usage_error_with_a_pointer_to_help(params string[] args)
    {
        var outcome = Run(args);

        Assert.Equal(2, outcome.Exit);
        Assert.Contains("--help", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_for_the_user_commands_goes_to_the_given_output()
    {
        var outcome = Run("user", "add", "--help");

        Assert.Equal(0, outcome.Exit);
        Assert.Contains("--password-stdin", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_file_is_a_usage_error()
    {
        var outcome = Run("user", "list", "--config", _temp["missing.conf"]);

        Assert.Equal(2, outcome.Exit);
        Assert.Contains("missing.conf", outcome.Error, StringComparison.Ordinal);
    }
}
