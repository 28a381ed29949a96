using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ActorFs.Messages.Tls;

namespace ActorFs.Tests.EndToEnd;

/// <summary>The real actorfs-node program, as an operator runs it: start-up lines, serving, SIGTERM.</summary>
public sealed partial class NodeProcessSpecs : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("actorfs-process-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    [Fact]
    public async Task A_node_prints_where_it_listens_serves_a_legacy_client_and_exits_0_on_SIGTERM()
    {
        using var node = StartNode("--root", _root, "-p", "0", "-t", "0", "--bind", "127.0.0.1");
        var banner = await ReadBannerAsync(node);
        var control = int.Parse(ControlPort().Match(banner).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(0, control);
        var pem = PublicPem().Match(banner).Groups[1].Value.Trim();
        var certificate = PemCertificateFile.LoadCertificates(pem)[0];
        Assert.Contains(CertificateFingerprint.Of(certificate).ColonHex, banner, StringComparison.Ordinal);

        await using (var client = await LegacyClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, control), certificate))
        {
            Assert.Equal("{\"status_code\": 200, \"status_message\": \"OK\", \"content\": \"/\"}", await client.SendAsync("pwd", null));
        }

        var sent = await Support.ProcessRunner.RunAsync("kill", ["-TERM", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Deadline);
        Assert.Equal(0, sent.ExitCode);
        using var deadline = new CancellationTokenSource(Deadline);
        await node.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, node.ExitCode);
    }

    [Fact]
    public async Task A_node_whose_port_is_taken_says_so_in_one_line_and_exits_1()
    {
        using var occupant = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var node = StartNode("--root", _root, "-p", port, "-t", "0", "--bind", "127.0.0.1");
        var stderr = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await node.WaitForExitAsync(deadline.Token);
        Assert.Equal(1, node.ExitCode);
        Assert.Contains($"Cannot listen on 127.0.0.1:{port} (control port)", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_start_up_with_its_key_value_origin_and_reason()
    {
        var file = Path.Combine(_root, "bad.conf");
        await File.WriteAllTextAsync(file, "actorfs {\n  transfer.token-ttl = -5s\n}\n");
        using var node = StartNode("--config", file, "--root", _root);
        var stderr = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await node.WaitForExitAsync(deadline.Token);
        Assert.Equal(2, node.ExitCode);
        Assert.Contains("actorfs.transfer.token-ttl", await stderr, StringComparison.Ordinal);
        Assert.Contains("bad.conf:2", await stderr, StringComparison.Ordinal);
    }

    private static Process StartNode(params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "actorfs-node.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(program);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["ACTORFS_LOG_LEVEL"] = "warning";
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start actorfs-node.");
    }

    private static async Task<string> ReadBannerAsync(Process node)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var lines = new List<string>();
        while (await node.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("Press Ctrl-C", StringComparison.Ordinal)) return string.Join('\n', lines);
        }
        throw new InvalidOperationException("actorfs-node ended before listening: " + string.Join('\n', lines) + await node.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"control port\s+\S+:(\d+)")]
    private static partial Regex ControlPort();

    [GeneratedRegex(@"public PEM\s+(.+)")]
    private static partial Regex PublicPem();
}
