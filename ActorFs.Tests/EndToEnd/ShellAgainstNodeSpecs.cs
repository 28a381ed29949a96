using System.Globalization;
using System.Text.Json;
using ActorFs.Client;
using ActorFs.Client.Shell;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Client;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.EndToEnd;

/// <summary>The console client (shell, one-shot commands, trust) against a real node, driven through readers and writers.</summary>
public sealed class ShellAgainstNodeSpecs : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _local = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _local.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    private string Address => $"127.0.0.1:{_node.Control.Port}";

    private string KnownNodesPath => _local["known_nodes"];

    private Task<int> Run(string stdin, params string[] args) =>
        Cli.RunAsync(args, new CliEnvironment(new StringReader(stdin), _output, _error, false, false, KnownNodesPath), CancellationToken.None)
            .WaitAsync(Loopback.Deadline);

    private static Func<Task<string?>> Lines(string script)
    {
        var reader = new StringReader(script);
        return () => Task.FromResult(reader.ReadLine());
    }

    [Fact]
    public async Task The_shell_runs_every_command_against_a_real_node_and_goes_on_after_failures()
    {
        await File.WriteAllTextAsync(_local["my notes.txt"], "notes");
        await using var client = await ActorFsClient.ConnectAsync(NodeClients.Options(_node)).WaitAsync(Loopback.Deadline);
        var shell = new ShellSession(client, _output, _error, new ShellSettings { LocalDirectory = _local.Path });
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
            rmdir /docs
            lmkdir down
            ldir down
            get b.txt
            get b.txt
            get ghost.txt
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
        var code = await shell.RunAsync(Lines(script), stopOnError: false, CancellationToken.None).WaitAsync(Loopback.Deadline);

        var text = _output.ToString();
        var errors = _error.ToString();
        Assert.Contains("created /docs", text);
        Assert.Contains("uploaded", text);
        Assert.Matches(@"NAME\s+KIND\s+SIZE\s+MODIFIED", text);
        Assert.Contains("path: /docs/my notes.txt", text);
        Assert.Contains("moved /docs/my notes.txt -> /docs/b.txt", text);
        Assert.Contains("Unknown command 'frobnicate'", errors);
        Assert.Contains("nowhere", errors);
        Assert.Contains("not empty", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ghost.txt", errors);
        Assert.Contains("downloaded /docs/b.txt", text);
        Assert.Contains("exists; use --force", errors);
        Assert.Equal("notes", await File.ReadAllTextAsync(Path.Combine(_local.Path, "down", "b.txt")));
        Assert.Contains("removed /docs", text);
        Assert.Contains("exit, quit, bye, x", text);
        Assert.True(shell.ExitRequested);
        Assert.False(Directory.Exists(_node.HostPath("docs")));
        Assert.Equal(1, text.Split('\n').Count(l => l.Trim() == "/"));
        Assert.NotEqual(0, code);
        Assert.DoesNotContain(_node.Root, text + errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_shot_commands_give_their_exit_codes_and_json_against_a_real_node()
    {
        await File.WriteAllTextAsync(_node.HostPath("a.txt"), "abc");
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, "--trust-new", "--json", "--dir", _local.Path, Address, "get", "a.txt"));
        using (var doc = JsonDocument.Parse(_output.ToString().Trim().Split('\n')[^1]))
        {
            Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(3, doc.RootElement.GetProperty("size").GetInt64());
        }
        Assert.Equal("abc", await File.ReadAllTextAsync(_local["a.txt"]));

        _output.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.RemoteRefusal, await Run(string.Empty, "--json", Address, "stat", "nope"));
        using (var doc = JsonDocument.Parse(_output.ToString().Trim()))
        {
            Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("not_found", doc.RootElement.GetProperty("error").GetString());
        }

        await File.WriteAllTextAsync(_local["up.txt"], "up");
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "put", _local["up.txt"], "up.txt"));
        Assert.Equal("up", await File.ReadAllTextAsync(_node.HostPath("up.txt")));
        Assert.Equal(ExitCodes.RemoteRefusal, await Run(string.Empty, Address, "put", _local["up.txt"], "up.txt"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "mkdir", "m"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "mv", "up.txt", "m/up.txt"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "sha256", "m/up.txt"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "ls", "m"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "rm", "m/up.txt"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "-c", "cd m; pwd"));
        Assert.Contains("/m", _output.ToString());
        Assert.Equal(ExitCodes.RemoteRefusal, await Run("pwd\nrmdir ghost\nmkdir n\n", Address));
        Assert.True(Directory.Exists(_node.HostPath("n")));
        Assert.Equal(ExitCodes.LocalFailure, await Run(string.Empty, "--dir", _local.Path, Address, "get", "a.txt")); // exists locally, no --force
        Assert.Equal("abc", await File.ReadAllTextAsync(_local["a.txt"]));
        Assert.Equal(ExitCodes.Usage, await Run(string.Empty, Address, "frobnicate"));
    }

    [Fact]
    public async Task The_trust_flow_pins_the_real_nodes_certificate_and_refuses_a_changed_one()
    {
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, Address, "pwd"));
        Assert.Contains("not trusted", _error.ToString());
        Assert.False(File.Exists(KnownNodesPath));

        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, "--trust-new", Address, "pwd"));
        Assert.Equal(CertificateFingerprint.Of(_node.Certificate!), new KnownNodes(KnownNodesPath).Find("127.0.0.1", _node.Control.Port));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, Address, "pwd"));

        var known = new KnownNodes(KnownNodesPath);
        known.Remove("127.0.0.1", _node.Control.Port);
        known.Add("127.0.0.1", _node.Control.Port, CertificateFingerprint.Of(TestCertificates.OtherCertificate));
        _error.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, "--trust-new", Address, "pwd"));
        Assert.Contains("CHANGED", _error.ToString());

        var pem = _local["node.pem"];
        await File.WriteAllTextAsync(pem, PemCertificateFile.ToCertificatePem(_node.Certificate!));
        var other = _local["other.pem"];
        await File.WriteAllTextAsync(other, PemCertificateFile.ToCertificatePem(TestCertificates.OtherCertificate));
        File.Delete(KnownNodesPath);
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, "--cert", other, Address, "pwd"));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, "--cert", pem, Address, "pwd"));
        Assert.Equal(CertificateFingerprint.Of(_node.Certificate!), new KnownNodes(KnownNodesPath).Find("127.0.0.1", _node.Control.Port));
        Assert.Equal(ExitCodes.Ok, await Run(string.Empty, "-a", "127.0.0.1", "-p", _node.Control.Port.ToString(CultureInfo.InvariantCulture), "pwd"));
    }
}
