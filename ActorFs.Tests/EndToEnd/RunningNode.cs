using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Actors.Hosting;
using ActorFs.Messages.Tls;
using ActorFs.Node.Actors;
using ActorFs.Node.Hosting;
using ActorFs.Node.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorFs.Tests.EndToEnd;

/// <summary>A real node in this process: loopback, ephemeral ports, a temporary root, TLS on unless asked otherwise.</summary>
internal sealed class RunningNode : IAsyncDisposable
{
    private readonly IHost _host;

    private RunningNode(IHost host, NodeSettings settings, IPEndPoint control, IPEndPoint transfer, X509Certificate2? certificate, string root)
    {
        _host = host;
        Settings = settings;
        Control = control;
        Transfer = transfer;
        Certificate = certificate;
        Root = root;
    }

    public NodeSettings Settings { get; }

    /// <summary>The node host's services (the actor system, the actor registry...).</summary>
    public IServiceProvider Services => _host.Services;

    public IPEndPoint Control { get; }

    public IPEndPoint Transfer { get; }

    /// <summary>The node's certificate, for clients to pin; null with TLS off.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The host folder served as "/".</summary>
    public string Root { get; }

    public ServerCertificatePolicy TrustPolicy => Certificate is null ? ServerCertificatePolicy.Insecure : ServerCertificatePolicy.PinCertificate(Certificate);

    public static async Task<RunningNode> StartAsync(bool tls = true, IReadOnlyDictionary<string, string>? overrides = null, string? root = null, Func<ActorFs.Node.Storage.IFileStore, ActorFs.Node.Storage.IFileStore>? decorateStore = null)
    {
        root ??= Directory.CreateTempSubdirectory("actorfs-node-").FullName;
        var settings = LoopbackNode.Settings(root, tls, overrides);
        // ACTORFS_TEST_LOG=1 shows the node's log while a test runs.
        var logging = new Serilog.LoggerConfiguration().MinimumLevel.Is(settings.Log.Level);
        if (Environment.GetEnvironmentVariable("ACTORFS_TEST_LOG") == "1")
        {
            logging = new Serilog.LoggerConfiguration().MinimumLevel.Debug().WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {ActorPath} {Message:lj}{NewLine}{Exception}");
        }
        var logger = logging.CreateLogger();
        var host = NodeLauncher.Build(settings, logger, TextWriter.Null, decorateStore);
        var started = await LoopbackNode.StartAsync(host);
        var certificate = tls ? NodeCertificate.Load(settings).Certificate : null;
        return new RunningNode(host, settings, (IPEndPoint)started.Control, (IPEndPoint)started.Transfer, certificate, root);
    }

    /// <summary>The host path of a virtual path.</summary>
    public string HostPath(string virtualPath) => Path.Combine(Root, virtualPath.TrimStart('/'));

    /// <summary>Stops the node as SIGTERM would (coordinated shutdown with its grace period), keeping its root for inspection.</summary>
    public async Task StopAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a transfer that is ending; the temp folder is left for the OS.
        }
    }
}
