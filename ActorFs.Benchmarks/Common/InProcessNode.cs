using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Actors.Hosting;
using ActorFs.Client;
using ActorFs.Messages.Tls;
using ActorFs.Node.Actors;
using ActorFs.Node.Hosting;
using ActorFs.Node.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorFs.Benchmarks.Common;

/// <summary>A real node in this process on loopback and ephemeral ports, serving a given folder, TLS on or off.</summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessNode(IHost host, IPEndPoint control, IPEndPoint transfer, X509Certificate2? certificate, string root)
    {
        _host = host;
        Control = control;
        Transfer = transfer;
        Certificate = certificate;
        Root = root;
    }

    public IPEndPoint Control { get; }

    public IPEndPoint Transfer { get; }

    /// <summary>The node's certificate (with its key), for clients to pin and for baselines to present; null with TLS off.</summary>
    public X509Certificate2? Certificate { get; }

    public string Root { get; }

    public static async Task<InProcessNode> StartAsync(string root, bool tls, IReadOnlyDictionary<string, string>? overrides = null)
    {
        Directory.CreateDirectory(root);
        var settings = LoopbackNode.Settings(root, tls, overrides);
        // ACTORFS_BENCH_LOG=1 shows the node's warnings and errors on the console.
        var logging = new LoggerConfiguration().MinimumLevel.Is(settings.Log.Level);
        if (Environment.GetEnvironmentVariable("ACTORFS_BENCH_LOG") == "1") logging = logging.WriteTo.Console();
        var logger = logging.CreateLogger();
        var host = NodeLauncher.Build(settings, logger, TextWriter.Null);
        var started = await LoopbackNode.StartAsync(host);
        var certificate = tls ? NodeCertificate.Load(settings).Certificate : null;
        return new InProcessNode(host, (IPEndPoint)started.Control, (IPEndPoint)started.Transfer, certificate, root);
    }

    /// <summary>Client options for this node: pinned certificate with TLS on, plain TCP with TLS off.</summary>
    public ClientOptions ClientOptions() => new()
    {
        Host = Control.Address.ToString(),
        Port = Control.Port,
        UseTls = Certificate is not null,
        CertificatePolicy = Certificate is null ? null : ServerCertificatePolicy.PinCertificate(Certificate),
        ClientName = "actorfs-bench",
    };

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(deadline.Token);
        _host.Dispose();
    }
}
