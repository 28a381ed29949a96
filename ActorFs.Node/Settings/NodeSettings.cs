using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Node.Access;
using ActorFs.Node.Accounts;
using Serilog.Events;

namespace ActorFs.Node.Settings;

/// <summary>Everything a node runs with, bound once at start from the resolved HOCON and validated.</summary>
internal sealed record NodeSettings(
    string Name,
    string RootDirectory,
    IPAddress BindAddress,
    int ControlPort,
    int TransferPort,
    string? AdvertisedHost,
    int MaxSessions,
    TimeSpan ShutdownGrace,
    AnonymousAccess Anonymous,
    TlsSettings Tls,
    ProtocolSettings Protocol,
    TransferSettings Transfer,
    IoSettings Io,
    LogSettings Log,
    AccountSettings Accounts,
    ActorSystemSettings Actors)
{
    public static NodeSettings Bind(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var r = new SettingsReader(config);
        const string n = "actorfs.node.";
        return new NodeSettings(
            Name: r.String(n + "name"),
            RootDirectory: Path.GetFullPath(r.OptionalString(n + "root") ?? throw r.Refuse(n + "root", "\"\"", "the root folder must be named")),
            BindAddress: r.Parsed(n + "bind", text => IPAddress.TryParse(text, out var a) ? a : null, "must be an IP address such as 0.0.0.0 or 127.0.0.1"),
            ControlPort: r.Int(n + "control-port", 0, 65535),
            TransferPort: r.Int(n + "transfer-port", 0, 65535),
            AdvertisedHost: r.OptionalString(n + "advertised-host"),
            MaxSessions: r.Int(n + "max-sessions", 1, 1_000_000),
            ShutdownGrace: r.Duration(n + "shutdown-grace", TimeSpan.Zero, TimeSpan.FromHours(1)),
            Anonymous: r.ParsedValue(n + "anonymous", AnonymousAccessModes.Parse, "must be auto, full, read-only or none"),
            Tls: TlsSettings.Bind(r),
            Protocol: ProtocolSettings.Bind(r),
            Transfer: TransferSettings.Bind(r),
            Io: IoSettings.Bind(r),
            Log: LogSettings.Bind(r),
            Accounts: AccountSettings.Bind(r),
            Actors: ActorSystemSettingsFrom(config, r));
    }

    /// <summary>The kernel reads its own keys; the node only refuses values it would not run with.</summary>
    private static ActorSystemSettings ActorSystemSettingsFrom(Config config, SettingsReader r)
    {
        r.Int("actorfs.actor.throughput", 1, 10_000);
        r.Duration("actorfs.actor.ask-timeout", TimeSpan.FromMilliseconds(1));
        r.Int("actorfs.actor.log-dead-letters", 0, int.MaxValue);
        return ActorSystemSettings.FromConfig(config);
    }
}

internal sealed record TlsSettings(bool Enabled, string? CertificateFile, string Subject, TimeSpan HandshakeTimeout)
{
    public static TlsSettings Bind(SettingsReader r) => new(
        r.Boolean("actorfs.tls.enabled"),
        r.OptionalString("actorfs.tls.certificate") is { } file ? Path.GetFullPath(file) : null,
        r.String("actorfs.tls.subject"),
        r.Duration("actorfs.tls.handshake-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)));
}

internal sealed record ProtocolSettings(int MaxFrameBytes, TimeSpan IdleTimeout, int ListPageSize)
{
    public static ProtocolSettings Bind(SettingsReader r) => new(
        (int)r.Bytes("actorfs.protocol.max-frame", 1024, 16 * 1024 * 1024),
        r.Duration("actorfs.protocol.idle-timeout", TimeSpan.FromSeconds(1)),
        r.Int("actorfs.protocol.list-page-size", 1, 1000));
}

/// <param name="KeepPartialUploads">How long an interrupted resumable upload is kept, from its last byte; zero keeps none.</param>
internal sealed record TransferSettings(
    TimeSpan TokenTtl, TimeSpan ConnectTimeout, TimeSpan IdleTimeout, int BufferSize, TimeSpan ProgressInterval, int MaxPerSession,
    TimeSpan KeepPartialUploads)
{
    public static TransferSettings Bind(SettingsReader r) => new(
        r.Duration("actorfs.transfer.token-ttl", TimeSpan.FromSeconds(1)),
        r.Duration("actorfs.transfer.connect-timeout", TimeSpan.FromSeconds(1)),
        // The legacy client takes 4 s without data as the end of a download, but a stalled peer is another matter:
        // the idle timeout only bounds how long the node waits, so anything from a second up is sound.
        r.Duration("actorfs.transfer.idle-timeout", TimeSpan.FromSeconds(1)),
        (int)r.Bytes("actorfs.transfer.buffer-size", 4096, 64 * 1024 * 1024),
        r.Duration("actorfs.transfer.progress-interval", TimeSpan.FromMilliseconds(10)),
        r.Int("actorfs.transfer.max-per-session", 1, 1024),
        r.Duration("actorfs.transfer.keep-partial-uploads", TimeSpan.Zero));
}

internal sealed record IoSettings(int ReadBufferSize, long WriteQueueLimit, TimeSpan RegisterTimeout)
{
    public static IoSettings Bind(SettingsReader r) => new(
        (int)r.Bytes("actorfs.io.read-buffer-size", 512, 16 * 1024 * 1024),
        r.Bytes("actorfs.io.write-queue-limit", 4096, 1L << 32),
        r.Duration("actorfs.io.register-timeout", TimeSpan.FromMilliseconds(10)));
}

internal sealed record LogSettings(LogEventLevel Level, string? File)
{
    public static LogSettings Bind(SettingsReader r)
    {
        var text = r.String("actorfs.log.level");
        if (!Enum.TryParse<LogEventLevel>(text, ignoreCase: true, out var level) || !Enum.IsDefined(level))
        {
            throw r.Refuse("actorfs.log.level", text, "must be one of verbose, debug, information, warning, error, fatal");
        }
        return new LogSettings(level, r.OptionalString("actorfs.log.file") is { } file ? Path.GetFullPath(file) : null);
    }
}
