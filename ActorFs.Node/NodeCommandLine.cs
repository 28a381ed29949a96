using System.CommandLine;
using ActorFs.Actors.Configuration;
using ActorFs.Messages.Tls;
using ActorFs.Node.Accounts;
using ActorFs.Node.Hosting;
using ActorFs.Node.Settings;

namespace ActorFs.Node;

/// <summary>
/// actorfs-node's command line: running the node (the default), <c>config</c> (print the resolved
/// configuration), <c>cert export</c> (write the public certificate for clients) and <c>user ...</c>
/// (offline account administration, <see cref="UserCommandLine"/>).
/// </summary>
internal static class NodeCommandLine
{
    private static readonly Option<string?> ConfigFile = new("--config") { Description = "A HOCON file laid over the built-in defaults" };
    private static readonly Option<int?> Port = new("--port", "-p") { Description = "Control port (0: ephemeral)" };
    private static readonly Option<int?> TransferPort = new("--transfer-port", "-t") { Description = "Transfer port (0: ephemeral)" };
    private static readonly Option<string?> Root = new("--root") { Description = "The folder served as /" };
    private static readonly Option<string?> Bind = new("--bind") { Description = "Address to listen on" };
    private static readonly Option<string?> Cert = new("--cert") { Description = "One PEM file holding the private key and the certificate" };
    private static readonly Option<bool> NoTls = new("--no-tls") { Description = "Serve without TLS (trusted networks and benchmarks only)" };

    public static int Run(string[] args) => Run(args, UserCommandContext.FromConsole());

    /// <summary>Runs with the <c>user</c> commands talking to <paramref name="user"/> (specs run them in-process this way).</summary>
    internal static int Run(string[] args, UserCommandContext user)
    {
        var root = new RootCommand("actorfs-node: an actor-based, TLS-secured file server");
        foreach (var option in new Option[] { ConfigFile, Port, TransferPort, Root, Bind, Cert, NoTls }) root.Options.Add(option);
        root.SetAction((result, cancellation) => RunNodeAsync(result, cancellation));
        root.Subcommands.Add(ConfigCommand());
        root.Subcommands.Add(CertCommand());
        var users = UserCommandLine.Create(user, ConfigFile, Root, LoadConfig);
        root.Subcommands.Add(users);
        var parsed = root.Parse(args);
        return UserCommandLine.IsUsageError(parsed, users)
            ? UserCommandLine.ReportUsageErrors(parsed, user)
            : parsed.Invoke(new InvocationConfiguration { Output = user.Out, Error = user.Error });
    }

    private static async Task<int> RunNodeAsync(ParseResult result, CancellationToken cancellation)
    {
        if (!TryLoadSettings(result, out var config, out var settings)) return 2;
        return await NodeLauncher.RunAsync(config, settings, cancellation).ConfigureAwait(false);
    }

    private static Command ConfigCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var only = new Option<bool>("--only") { Description = "Print the --config file alone, without the defaults" };
        var command = new Command("config", "Print the fully resolved configuration") { ConfigFile, json, only };
        command.SetAction(result =>
        {
            try
            {
                var file = result.GetValue(ConfigFile);
                Config config;
                if (result.GetValue(only))
                {
                    if (file is null)
                    {
                        Console.Error.WriteLine("config --only needs --config FILE");
                        return 2;
                    }
                    config = NodeConfiguration.LoadOnly(file, EnvironmentSources.Process);
                }
                else
                {
                    config = NodeConfiguration.Load(file, Flags(result), EnvironmentSources.Process);
                    NodeSettings.Bind(config);
                }
                Console.WriteLine(result.GetValue(json) ? config.ToJson() : config.ToHocon(includeOrigins: true));
                return 0;
            }
            catch (Exception e) when (e is ConfigException or SettingsException)
            {
                Console.Error.WriteLine($"actorfs-node: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static Command CertCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the node's public certificate (PEM)" };
        var export = new Command("export", "Write the node's public certificate for clients to pin") { file, ConfigFile, Root, Cert };
        export.SetAction(result =>
        {
            if (!TryLoadSettings(result, out _, out var settings)) return 2;
            try
            {
                var certificate = NodeCertificate.Load(settings);
                var target = Path.GetFullPath(result.GetValue(file)!);
                PemCertificateFile.ExportCertificate(certificate.Certificate, target);
                Console.WriteLine($"Wrote {target} (SHA-256 fingerprint {certificate.Fingerprint.ColonHex})");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                Console.Error.WriteLine($"actorfs-node: cannot export the certificate: {e.Message}");
                return 1;
            }
        });
        return new Command("cert", "Manage the node's TLS certificate") { export };
    }

    private static Config LoadConfig(ParseResult result) =>
        NodeConfiguration.Load(result.GetValue(ConfigFile), Flags(result), EnvironmentSources.Process);

    private static bool TryLoadSettings(ParseResult result, out Config config, out NodeSettings settings)
    {
        try
        {
            config = LoadConfig(result);
            settings = NodeSettings.Bind(config);
            return true;
        }
        catch (Exception e) when (e is ConfigException or SettingsException)
        {
            Console.Error.WriteLine($"actorfs-node: {e.Message}");
            config = null!;
            settings = null!;
            return false;
        }
    }

    /// <summary>Flags become configuration pairs, the highest layer.</summary>
    private static Dictionary<string, string> Flags(ParseResult result)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add<T>(Option<T> option, string path, Func<T, string> format)
        {
            if (result.GetResult(option) is not null && result.GetValue(option) is { } value) flags[path] = format(value);
        }
        Add(Port, "actorfs.node.control-port", p => p!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(TransferPort, "actorfs.node.transfer-port", p => p!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(Root, "actorfs.node.root", r => r!);
        Add(Bind, "actorfs.node.bind", b => b!);
        Add(Cert, "actorfs.tls.certificate", c => c!);
        if (result.GetResult(NoTls) is not null && result.GetValue(NoTls)) flags["actorfs.tls.enabled"] = "off";
        return flags;
    }
}
