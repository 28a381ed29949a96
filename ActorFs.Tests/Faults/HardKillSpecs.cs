// Issue 8, item 3: the node as a child process, killed with SIGKILL in the middle of uploads, then restarted on the same root.
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ActorFs.Client;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Faults;

/// <summary>A fact skipped, with the reason, when the node program has not been built in this configuration.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresBuiltNodeFactAttribute : FactAttribute
{
    public RequiresBuiltNodeFactAttribute()
    {
        if (NodeProcess.Locate() is null)
        {
            Skip = $"actorfs-node is not built next to the tests (looked for {NodeProcess.ExpectedPath})";
        }
    }
}

/// <summary>An actorfs-node child process on 127.0.0.1 with ephemeral ports, read from its banner.</summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, IPEndPoint control, IPEndPoint transfer)
    {
        _process = process;
        Control = control;
        Transfer = transfer;
    }

    public IPEndPoint Control { get; }

    public IPEndPoint Transfer { get; }

    /// <summary>ActorFs.Tests/bin/CONFIG/net10.0/ → ActorFs.Node/bin/CONFIG/net10.0/actorfs-node.dll</summary>
    public static string ExpectedPath
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var solution = testBin.Parent.Parent!.Parent!.Parent!.FullName;
            return Path.Join(solution, "ActorFs.Node", "bin", configuration, framework, "actorfs-node.dll");
        }
    }

    public static string? Locate() => File.Exists(ExpectedPath) ? ExpectedPath : null;

    public static async Task<NodeProcess> StartAsync(string root)
    {
        var dll = Locate() ?? throw new InvalidOperationException("actorfs-node is not built");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--root", root, "-p", "0", "-t", "0", "--bind", "127.0.0.1" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ACTORFS_LOG_LEVEL"] = "warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start actorfs-node");
        _ = process.StandardError.ReadToEndAsync();
        IPEndPoint? control = null;
        IPEndPoint? transfer = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (control is null || transfer is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"actorfs-node exited before printing its ports (exit {(process.HasExited ? process.ExitCode : -1)})");
                if (PortLine().Match(line) is { Success: true } m)
                {
                    var endpoint = IPEndPoint.Parse(m.Groups["endpoint"].Value);
                    if (m.Groups["role"].Value == "control")
                    {
                        control = endpoint;
                    }
                    else
                    {
                        transfer = endpoint;
                    }
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        _ = process.StandardOutput.ReadToEndAsync();
        return new NodeProcess(process, control, transfer);
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, exactly like a power cut for the process.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(deadline.Token);
    }

    public ClientOptions Options(IPEndPoint? transfer = null) => new()
    {
        Host = "127.0.0.1",
        Port = Control.Port,
        CertificatePolicy = ServerCertificatePolicy.Insecure,
        RouteTransfer = transfer is null ? null : (host, _) => (host, transfer.Port),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillHardAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"(?<role>control|transfer) port\s+(?<endpoint>\S+)")]
    private static partial Regex PortLine();
}

public sealed class HardKillSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("actorfs-killed-").FullName;
    private readonly LocalFolder _local = new();

    public void Dispose()
    {
        _local.Delete();
        Directory.Delete(_root, recursive: true);
    }

    [RequiresBuiltNodeFact]
    public async Task A_node_killed_hard_mid_upload_shows_no_partial_file_after_restart_and_keeps_only_resumable_parts()
    {
        const int Uploads = 4;
        var size = 4 * 1024 * 1024;
        var done = Faults.RandomBytes(100_000, 77);
        var doneSource = _local.File("done.bin");
        await File.WriteAllBytesAsync(doneSource, done);

        var first = await NodeProcess.StartAsync(_root);
        await using (first)
        {
            await using (var client = await ActorFsClient.ConnectAsync(first.Options()))
            {
                await client.UploadAsync(doneSource, "/done.bin");
            }

            // Slow the uploads down so that the kill finds them all mid-stream.
            var slow = new StammerSettings(MaxPieceSize: 8 * 1024, MaxDelay: TimeSpan.FromMilliseconds(3));
            await using var proxy = new StammeringProxy(first.Transfer, slow, seed: 31);
            var clients = new List<ActorFsClient>();
            var uploads = new List<Task>();
            for (var i = 0; i < Uploads; i++)
            {
                var source = _local.File($"up-{i}.bin");
                await File.WriteAllBytesAsync(source, Faults.RandomBytes(size, 300 + i));
                var client = await ActorFsClient.ConnectAsync(first.Options(proxy.EndPoint));
                clients.Add(client);
                uploads.Add(client.UploadAsync(source, $"/up-{i}.bin"));
            }

            // Only the file system shows how far the child process got: poll the staging area, with a deadline.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (Directory.GetFiles(Faults.StagingFolder(_root), "*.part").Count(f => new FileInfo(f).Length > 64 * 1024) < Uploads)
            {
                Assert.True(DateTime.UtcNow < until, "the uploads did not all start within 20 s");
                await Task.Delay(10);
            }

            await first.KillHardAsync();
            foreach (var upload in uploads)
            {
                await Assert.ThrowsAnyAsync<ActorFsException>(() => upload);
            }

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        Assert.NotEmpty(Faults.Staged(_root)); // the crash left its staging files behind...

        var second = await NodeProcess.StartAsync(_root);
        await using (second)
        {
            // ...and the restart kept them for a resume (they declared size and sha256; keep-partial-uploads is 24 h):
            // one part and its intent per cut upload, nothing else.
            Assert.Equal(Uploads, Directory.GetFiles(Faults.StagingFolder(_root), "*.part").Length);
            Assert.Equal(2 * Uploads, Faults.Staged(_root).Length);
            for (var i = 0; i < Uploads; i++)
            {
                Assert.False(File.Exists(Path.Join(_root, $"up-{i}.bin")), $"up-{i}.bin is visible after the crash");
            }

            Assert.Equal(done, await File.ReadAllBytesAsync(Path.Join(_root, "done.bin")));
            await using var client = await ActorFsClient.ConnectAsync(second.Options());
            var source = _local.File("up-0.bin");
            var result = await client.UploadAsync(source, "/up-0.bin");
            Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(Path.Join(_root, "up-0.bin")));
            Assert.Equal(Uploads - 1, Directory.GetFiles(Faults.StagingFolder(_root), "*.part").Length); // a fresh upload replaced its kept part
            var back = _local.File("done-back.bin");
            await client.DownloadAsync("/done.bin", back);
            Assert.Equal(done, await File.ReadAllBytesAsync(back));
            Assert.Equal(size, result.Bytes);
        }
    }
}
