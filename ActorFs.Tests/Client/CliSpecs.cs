using System.Text.Json;
using ActorFs.Client;
using ActorFs.Client.Shell;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Client.Fakes;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Client;

public sealed class CliSpecs : IAsyncLifetime, IDisposable
{
    private readonly FakeNode node = FakeNode.Start();
    private readonly TempFolder local = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        Dispose();
    }

    public void Dispose() => local.Dispose();

    private string KnownNodesPath => local["known_nodes"];

    private Task<int> Run(string stdin, params string[] args) =>
        Cli.RunAsync(args, new CliEnvironment(new StringReader(stdin), output, error, false, false, KnownNodesPath), CancellationToken.None)
            .WaitAsync(Loopback.Deadline);

    private string Address => $"127.0.0.1:{node.Port}";

    [Fact]
    public async Task Every_one_shot_command_answers_help_without_connecting()
    {
        foreach (var command in new[] { "pwd", "cd", "ls", "mkdir", "rm", "rmdir", "mv", "stat", "sha256", "get", "put" })
        {
            output.GetStringBuilder().Clear();
            Assert.Equal(0, await Run(string.Empty, "unreachable.invalid", command, "--help"));
            Assert.StartsWith($"usage: actorfs HOST {command}", output.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(ExitCodes.Usage, await Run(string.Empty, "unreachable.invalid", "frob", "--help"));
    }

    [Fact]
    public async Task First_use_with_trust_new_must_pin_and_a_pinned_node_must_pass()
    {
        await File.WriteAllTextAsync(node.HostPath("/a.txt"), "a");
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, Address, "ls"));
        Assert.Contains("not trusted", error.ToString());
        Assert.False(File.Exists(KnownNodesPath));

        Assert.Equal(0, await Run(string.Empty, Address, "--trust-new", "ls"));
        var pinned = new KnownNodes(KnownNodesPath).Find("127.0.0.1", node.Port);
        Assert.Equal(CertificateFingerprint.Of(node.Certificate!), pinned);

        Assert.Equal(0, await Run(string.Empty, Address, "ls"));
        Assert.Contains("a.txt", output.ToString());
    }

    [Fact]
    public async Task A_changed_certificate_must_be_refused_with_how_to_proceed()
    {
        new KnownNodes(KnownNodesPath).Add("127.0.0.1", node.Port, CertificateFingerprint.Of(TestCertificates.OtherCertificate));
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, Address, "--trust-new", "ls"));
        var message = error.ToString();
        Assert.Contains("CHANGED", message);
        Assert.Contains("remove the line", message);
        Assert.Contains("--cert", message);
    }

    [Fact]
    public async Task Cert_must_pin_that_certificate_and_record_it()
    {
        var pem = local["node.pem"];
        await File.WriteAllTextAsync(pem, PemCertificateFile.ToCertificatePem(node.Certificate!));
        Assert.Equal(0, await Run(string.Empty, Address, "--cert", pem, "pwd"));
        Assert.Equal(CertificateFingerprint.Of(node.Certificate!), new KnownNodes(KnownNodesPath).Find("127.0.0.1", node.Port));

        var other = local["other.pem"];
        await File.WriteAllTextAsync(other, PemCertificateFile.ToCertificatePem(TestCertificates.OtherCertificate));
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, Address, "--cert", other, "pwd"));
    }

    [Fact]
    public async Task Insecure_must_connect_with_a_loud_warning()
    {
        Assert.Equal(0, await Run(string.Empty, Address, "--insecure", "pwd"));
        Assert.Contains("WARNING", error.ToString());
        Assert.False(File.Exists(KnownNodesPath));
    }

    [Fact]
    public async Task One_shot_commands_must_print_json_and_give_exit_codes()
    {
        await File.WriteAllTextAsync(node.HostPath("/a.txt"), "abc");
        Assert.Equal(0, await Run(string.Empty, "--trust-new", "--json", "--dir", local.Path, Address, "get", "a.txt"));
        var line = output.ToString().Trim().Split('\n')[^1];
        using (var doc = JsonDocument.Parse(line))
        {
            Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(3, doc.RootElement.GetProperty("size").GetInt64());
        }

        Assert.Equal("abc", await File.ReadAllTextAsync(local["a.txt"]));
        output.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.RemoteRefusal, await Run(string.Empty, "--json", Address, "stat", "nope"));
        using (var doc = JsonDocument.Parse(output.ToString().Trim()))
        {
            Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("not_found", doc.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(ExitCodes.Usage, await Run(string.Empty, Address, "frobnicate"));
        Assert.Equal(ExitCodes.Usage, await Run(string.Empty));
        Assert.Equal(ExitCodes.Usage, await Run(string.Empty, Address, "--no-such-option"));
    }

    [Fact]
    public async Task Address_and_port_options_c_and_a_script_on_stdin_must_work()
    {
        Assert.Equal(0, await Run(string.Empty, "--trust-new", "-a", "127.0.0.1", "-p", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "mkdir m; cd m; pwd"));
        Assert.Contains("/m", output.ToString());
        Assert.Equal(ExitCodes.RemoteRefusal, await Run("pwd\nrmdir ghost\nmkdir n\n", Address));
        Assert.True(Directory.Exists(node.HostPath("/n"))); // the script went on after the failure
    }

    [Fact]
    public async Task An_unreachable_node_must_give_exit_code_3()
    {
        using var closed = Loopback.Listen();
        var port = Loopback.EndPointOf(closed).Port;
        closed.Dispose();
        Assert.Equal(ExitCodes.Connection, await Run(string.Empty, $"127.0.0.1:{port}", "--insecure", "pwd"));
    }

    [Fact]
    public void Host_and_port_must_be_split()
    {
        Assert.True(Cli.TrySplitHostPort("node:9000", out var h, out var p));
        Assert.Equal(("node", 9000), (h, p!.Value));
        Assert.True(Cli.TrySplitHostPort("[::1]:81", out h, out p));
        Assert.Equal(("::1", 81), (h, p!.Value));
        Assert.False(Cli.TrySplitHostPort("node:x", out _, out _));
        var (prefix, words) = Cli.SplitAtCommand(["-p", "1", "h", "get", "-r", "x"]);
        Assert.Equal(["-p", "1", "h"], prefix);
        Assert.Equal(["get", "-r", "x"], words);
    }
}
