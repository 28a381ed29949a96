using ActorFs.Client;
using ActorFs.Client.Shell;
using ActorFs.Tests.Client.Fakes;

namespace ActorFs.Tests.Client;

public sealed class ShellSessionSpecs : IAsyncLifetime, IDisposable
{
    private readonly FakeNode node = FakeNode.Start();
    private readonly TempFolder local = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private ActorFsClient client = null!;

    public async Task InitializeAsync() => client = await ActorFsClient.ConnectAsync(node.Options());

    public async Task DisposeAsync()
    {
        await client.DisposeAsync();
        await node.DisposeAsync();
        Dispose();
    }

    public void Dispose() => local.Dispose();

    private ShellSession Shell(bool json = false) =>
        new(client, output, error, new ShellSettings { LocalDirectory = local.Path, Json = json });

    private static Func<Task<string?>> Lines(string script)
    {
        var reader = new StringReader(script);
        return () => Task.FromResult(reader.ReadLine());
    }

    [Fact]
    public async Task The_shell_must_run_every_command_and_go_on_after_failures()
    {
        await File.WriteAllTextAsync(local["my notes.txt"], "notes");
        var shell = Shell();
        var script = """
            PWD
            mkdir docs
            cd docs
            put "my notes.txt"
            ls
            ls -l
            stat "my notes.txt"
            sha256 'my notes.txt'
            mv "my notes.txt" b.txt
            frobnicate
            cd nowhere
            lmkdir down
            ldir down
            get b.txt
            get b.txt
            lpwd
            lls
            lcd down
            lls
            rm b.txt
            cd ..
            rmdir docs
            help
            ?
            exit
            pwd
            """;
        var code = await shell.RunAsync(Lines(script), stopOnError: false, CancellationToken.None);

        var text = output.ToString();
        var errors = error.ToString();
        Assert.Contains("created /docs", text);
        Assert.Contains("uploaded", text);
        Assert.Matches(@"NAME\s+KIND\s+SIZE\s+MODIFIED", text);
        Assert.Contains("my notes.txt", text);
        Assert.Contains("path: /docs/my notes.txt", text);
        Assert.Contains("moved /docs/my notes.txt -> /docs/b.txt", text);
        Assert.Contains("Unknown command 'frobnicate'", errors);
        Assert.Contains("No such directory", errors);
        Assert.Contains("downloaded /docs/b.txt", text);
        Assert.Contains("exists; use --force", errors); // the second get keeps the first file
        Assert.Equal("notes", await File.ReadAllTextAsync(Path.Combine(local.Path, "down", "b.txt")));
        Assert.Contains("removed /docs", text);
        Assert.Contains("exit, quit, bye, x", text);
        Assert.True(shell.ExitRequested);
        Assert.False(Directory.Exists(node.HostPath("/docs")));
        Assert.Equal(1, text.Split('\n').Count(l => l.Trim() == "/")); // pwd after exit never ran
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Globs_and_recursive_transfers_must_move_whole_trees()
    {
        Directory.CreateDirectory(local["tree/sub"]);
        await File.WriteAllTextAsync(local["tree/a.txt"], "a");
        await File.WriteAllTextAsync(local["tree/sub/b.txt"], "b");
        await File.WriteAllTextAsync(local["x.pdf"], "x");
        await File.WriteAllTextAsync(local["y.pdf"], "y");
        var shell = Shell();
        Assert.Equal(0, await shell.RunLineAsync("put -r tree; put *.pdf; lmkdir out; ldir out; get *.pdf; get -r tree", stopOnError: true, CancellationToken.None));
        Assert.Equal("b", await File.ReadAllTextAsync(node.HostPath("/tree/sub/b.txt")));
        Assert.Equal("y", await File.ReadAllTextAsync(local["out/y.pdf"]));
        Assert.Equal("b", await File.ReadAllTextAsync(local["out/tree/sub/b.txt"]));
    }

    [Fact]
    public async Task A_usage_error_must_give_exit_code_2_and_a_refusal_4()
    {
        var shell = Shell();
        Assert.Equal(2, await shell.ExecuteAsync("mv onlyone", CancellationToken.None));
        Assert.Equal(2, await shell.ExecuteAsync("get \"unclosed", CancellationToken.None));
        Assert.Equal(4, await shell.ExecuteAsync("rm ghost", CancellationToken.None));
        Assert.Equal(1, await shell.ExecuteAsync("put ghost.txt", CancellationToken.None));
        Assert.Equal(0, await shell.ExecuteAsync("pwd", CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupt_download_must_give_the_integrity_exit_code()
    {
        await File.WriteAllTextAsync(node.HostPath("/c.bin"), "content");
        node.CorruptDownloads = true;
        Assert.Equal(5, await Shell().ExecuteAsync("get c.bin", CancellationToken.None));
        Assert.False(File.Exists(local["c.bin"]));
    }

    [Fact]
    public async Task Completion_must_offer_command_names_and_remote_paths()
    {
        await File.WriteAllTextAsync(node.HostPath("/report one.pdf"), "r");
        Directory.CreateDirectory(node.HostPath("/reports"));
        var shell = Shell();
        Assert.Contains("rmdir", await shell.CompleteAsync("rm", CancellationToken.None));
        var remote = await shell.CompleteAsync("get rep", CancellationToken.None);
        Assert.Equal(["\"report one.pdf\"", "reports/"], remote);
    }

    [Fact]
    public void Command_text_must_split_on_unquoted_semicolons_and_spaces()
    {
        Assert.Equal(["ls", " get \"a;b\""], CommandText.SplitCommands("ls; get \"a;b\""));
        Assert.True(CommandText.TryTokenize("put 'my file' \"x y\" a\\ b", out var words));
        Assert.Equal(["put", "my file", "x y", "a b"], words);
        Assert.True(CommandText.GlobMatch("*.pdf", "a.pdf"));
        Assert.False(CommandText.GlobMatch("?.pdf", "ab.pdf"));
    }
}
