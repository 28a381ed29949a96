using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Actors.Hosting;
using ActorFs.Actors.IO;
using ActorFs.Messages.Tls;
using ActorFs.Node.Accounts;
using ActorFs.Node.Actors;
using ActorFs.Node.Commands;
using ActorFs.Node.Sessions;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace ActorFs.Node.Hosting;

/// <summary>
/// Runs a node under the .NET generic host: Ctrl-C and SIGTERM stop the host, whose stop runs coordinated
/// shutdown (stop accepting, let transfers finish within the grace period, cancel the rest, stop the actors).
/// </summary>
internal static class NodeLauncher
{
    public static async Task<int> RunAsync(Config config, NodeSettings settings, CancellationToken cancellation)
    {
        using var logger = NodeLogging.Create(settings.Log);
        try
        {
            using var host = Build(settings, logger, Console.Out);
            await host.StartAsync(cancellation).ConfigureAwait(false);
            await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            return Environment.ExitCode;
        }
        catch (NodeStartException e)
        {
            logger.Fatal("The node could not start: {Reason}", e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            logger.Fatal("The node could not start: {Reason}", e.Message);
            return 1;
        }
    }

    /// <summary>Builds the host (also used by tests and benchmarks, which start and stop it themselves).</summary>
    /// <param name="decorateStore">Wraps the node's store, for fault injection in tests; null serves the local store as is.</param>
    /// <param name="hasher">Derives new password hashes; null uses the configured cost (tests pass a cheap one).</param>
    public static IHost Build(
        NodeSettings settings, Serilog.ILogger logger, TextWriter banner, Func<IFileStore, IFileStore>? decorateStore = null, PasswordHasher? hasher = null)
    {
        Directory.CreateDirectory(settings.RootDirectory);
        var local = new LocalFileStore(settings.RootDirectory);
        var accounts = AccountsStartup.Open(settings, decorateStore is null ? local : decorateStore(local), hasher, logger);
        var store = accounts.Files;
        if (store.RecoverPartialWrites() is var undone and > 0) logger.Warning("Undid {Count} partial writes interrupted by an earlier run", undone);
        // Interrupted uploads still within their retention stay, so a resume works across a restart.
        var swept = store.SweepStaging(new KeepResumableUploads(settings.Transfer.KeepPartialUploads, DateTime.UtcNow));
        if (swept > 0) logger.Information("Swept {Count} unfinished uploads left by an earlier run", swept);
        var kept = store.KeptBytesByOwner().Values.Sum();
        if (kept > 0) logger.Information("Kept {Bytes} bytes of interrupted uploads for resume", kept);
        var certificate = settings.Tls.Enabled ? NodeCertificate.Load(settings) : null;
        if (certificate is null)
        {
            logger.Warning("TLS is OFF: file contents, paths and transfer tokens cross the network in clear text. Use --no-tls only on trusted networks.");
        }
        var tcpOptions = TcpOptionsFor(settings, certificate);
        var tracker = new TransferTracker();
        var commandSettings = CommandSettingsFor(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(30));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IFileStore>(store);
        builder.Services.AddActorSystem("actorfs", (system, _) => system
            .WithSettings(_ => ShutdownAware(settings))
            .WithSerilog(logger)
            .WithActors(async (actors, registry, _) =>
            {
                var guardian = actors.ActorOf(NodeGuardian.Props(settings, store, tcpOptions, commandSettings, tracker, accounts.Setup), "node");
                registry.Register<NodeGuardian>(guardian);
                var outcome = await guardian.Ask<object>(NodeGuardian.WaitStarted.Instance, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                if (outcome is NodeGuardian.StartFailed failed) throw new NodeStartException(failed.Reason);
                var started = (NodeGuardian.Started)outcome;
                registry.Register<TokenRegistry>(started.Tokens);
                RegisterShutdownSteps(actors, guardian, tracker, settings);
                PrintBanner(banner, settings, started, certificate);
            }));
        var host = builder.Build();
        // The store lock is held while the node runs; the process ending releases it too.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(accounts.Dispose);
        return host;
    }

    private static ActorSystemSettings ShutdownAware(NodeSettings settings)
    {
        var phases = new Dictionary<string, ShutdownPhase>(settings.Actors.CoordinatedShutdown.Phases)
        {
            [CoordinatedShutdown.PhaseServiceRequestsDone] = new([CoordinatedShutdown.PhaseServiceUnbind], settings.ShutdownGrace + TimeSpan.FromSeconds(10)),
        };
        return settings.Actors with { CoordinatedShutdown = settings.Actors.CoordinatedShutdown with { Phases = phases } };
    }

    private static void RegisterShutdownSteps(ActorSystem system, IActorRef guardian, TransferTracker tracker, NodeSettings settings)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", async () =>
        {
            await guardian.Ask<Done>(NodeGuardian.BeginShutdown.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return Done.Instance;
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "finish-transfers", async () =>
        {
            if (tracker.Running > 0)
            {
                system.Log.Info("Waiting up to {Grace} for {Count} running transfers to finish", settings.ShutdownGrace, tracker.Running);
                await Task.WhenAny(tracker.WhenIdle(), Task.Delay(settings.ShutdownGrace)).ConfigureAwait(false);
            }
            if (tracker.Running > 0)
            {
                system.Log.Warning("Cancelling {Count} transfers still running after the grace period", tracker.Running);
                guardian.Tell(new CancelAllTransfers("the node is shutting down"), ActorRefs.NoSender);
                await Task.WhenAny(tracker.WhenIdle(), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            }
            return Done.Instance;
        });
    }

    private static TcpOptions TcpOptionsFor(NodeSettings settings, NodeCertificate? certificate)
    {
        var tcp = new TcpSettings
        {
            ReceiveBufferSize = settings.Io.ReadBufferSize,
            MaxWriteQueueBytes = settings.Io.WriteQueueLimit,
            RegisterTimeout = settings.Io.RegisterTimeout,
            HandshakeTimeout = settings.Tls.HandshakeTimeout,
        };
        return new TcpOptions
        {
            ServerTls = certificate is null ? null : TlsOptions.ForServer(certificate.Certificate),
            Settings = tcp,
        };
    }

    private static CommandSettings CommandSettingsFor(NodeSettings settings) => new(
        NodeName: settings.Name,
        ServerVersion: ServerVersion,
        MaxFrameBytes: settings.Protocol.MaxFrameBytes,
        ListPageSize: settings.Protocol.ListPageSize,
        Features: FeaturesFor(settings));

    /// <summary>hello's <c>features</c>: <c>resume</c> only while interrupted uploads are kept, since otherwise there is nothing to resume.</summary>
    private static IReadOnlyList<string> FeaturesFor(NodeSettings settings) =>
        settings.Transfer.KeepPartialUploads > TimeSpan.Zero
            ? ["overwrite", "accounts", "partial-writes", "resume"]
            : ["overwrite", "accounts", "partial-writes"];

    private static string ServerVersion =>
        "ActorFs/" + (typeof(NodeLauncher).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");

    private static void PrintBanner(TextWriter output, NodeSettings settings, NodeGuardian.Started started, NodeCertificate? certificate)
    {
        var tls = certificate is null ? "plain TCP, NO TLS" : "TLS";
        output.WriteLine($"ActorFs node \"{settings.Name}\" serving {settings.RootDirectory}");
        output.WriteLine($"  control port   {started.Control} ({tls})");
        output.WriteLine($"  transfer port  {started.Transfer} ({tls})");
        if (certificate is not null)
        {
            output.WriteLine($"  certificate    SHA-256 {certificate.Fingerprint.ColonHex}{(certificate.Generated ? " (generated now)" : "")}");
            output.WriteLine($"  public PEM     {certificate.PublicPemPath}");
        }
        output.WriteLine("Press Ctrl-C to stop.");
        output.Flush();
    }
}

/// <summary>The node cannot start (a port in use, say); the message says why.</summary>
internal sealed class NodeStartException : Exception
{
    public NodeStartException() { }

    public NodeStartException(string message) : base(message) { }

    public NodeStartException(string message, Exception inner) : base(message, inner) { }
}
