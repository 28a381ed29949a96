// The actorfs command line: System.CommandLine parses the options and HOST[:PORT]; the words after
// the host are a one-shot shell command (get, put, ls, ...), so the one-shot and interactive forms
// share one interpreter (ShellSession). Connects with trust on first use (KnownNodes), then runs a
// one-shot command, -c "cmd; cmd", a script on stdin, or the interactive shell.
using System.CommandLine;
using System.Globalization;
using ActorFs.Messages.Tls;

namespace ActorFs.Client.Shell;

/// <summary>Where the command line reads and writes, so specs can run it without a terminal.</summary>
internal sealed record CliEnvironment(TextReader Input, TextWriter Output, TextWriter Error, bool Interactive, bool OutputIsTerminal, string KnownNodesPath)
{
    public static CliEnvironment FromConsole() => new(
        System.Console.In,
        System.Console.Out,
        System.Console.Error,
        !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected,
        !System.Console.IsOutputRedirected,
        KnownNodes.DefaultPath);
}

internal static class Cli
{
    private static readonly HashSet<string> OptionsWithValue = ["-a", "--address", "-p", "--port", "-c", "--command", "--dir", "--cert", "--known-nodes"];

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken)
    {
        var address = new Option<string?>("--address", "-a") { Description = "The node's host name or address (instead of HOST)." };
        var port = new Option<int?>("--port", "-p") { Description = "The node's control port (default 8080)." };
        var command = new Option<string?>("--command", "-c") { Description = "Run these shell commands (separated by ';') and exit." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per command (machine-readable)." };
        var dir = new Option<string?>("--dir") { Description = "Where downloads go (default: the current directory)." };
        var force = new Option<bool>("--force", "-f") { Description = "Replace existing files (local on get, remote on put and mv)." };
        var trustNew = new Option<bool>("--trust-new") { Description = "Pin an unknown node's certificate without asking." };
        var cert = new Option<string?>("--cert") { Description = "Pin the node certificate in this PEM file (and record it in known_nodes)." };
        var insecure = new Option<bool>("--insecure") { Description = "Do not validate the node's certificate (DANGEROUS: anyone in between can read and change everything)." };
        var noTls = new Option<bool>("--no-tls") { Description = "Plain TCP, for nodes run with --no-tls on a trusted network." };
        var knownNodes = new Option<string?>("--known-nodes") { Description = "The trust store (default ~/.actorfs/known_nodes)." };
        var host = new Argument<string?>("HOST[:PORT]") { Description = "The node to connect to.", Arity = ArgumentArity.ZeroOrOne };
        var root = new RootCommand(
            "actorfs: browse, upload and download files on an ActorFs node, with verified checksums.\n"
            + "  actorfs HOST[:PORT]                 interactive shell\n"
            + "  actorfs HOST get REMOTE [LOCAL]     one-shot command (also put, ls, mkdir, rm, rmdir, mv, stat, sha256)\n"
            + "  actorfs HOST -c \"cmd; cmd\"          several commands; a script on stdin also works\n"
            + "Exit codes: 0 ok, 1 local failure, 2 usage, 3 connection/TLS/trust, 4 remote refusal, 5 integrity failure.")
        {
            address, port, command, json, dir, force, trustNew, cert, insecure, noTls, knownNodes, host,
        };

        var (prefix, words) = SplitAtCommand(args);
        var parse = root.Parse(prefix);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await env.Error.WriteLineAsync("actorfs: " + e.Message).ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync("Try 'actorfs --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var exit = ExitCodes.Ok;
        root.SetAction(async (result, ct) =>
        {
            exit = await RunParsedAsync(
                new Parsed(
                    result.GetValue(address), result.GetValue(port), result.GetValue(command), result.GetValue(json), result.GetValue(dir),
                    result.GetValue(force), result.GetValue(trustNew), result.GetValue(cert), result.GetValue(insecure), result.GetValue(noTls),
                    result.GetValue(knownNodes) ?? env.KnownNodesPath, result.GetValue(host), words),
                env,
                ct).ConfigureAwait(false);
            return exit;
        });
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = env.Output, Error = env.Error }, cancellationToken).ConfigureAwait(false);
        return code == 0 ? exit : code;
    }

    private sealed record Parsed(
        string? Address, int? Port, string? Command, bool Json, string? Dir, bool Force, bool TrustNew, string? Cert, bool Insecure, bool NoTls,
        string KnownNodesPath, string? Host, List<string> Words);

    /// <summary>Splits the arguments before the one-shot command (options and HOST) from the command's own words.</summary>
    internal static (string[] Prefix, List<string> Words) SplitAtCommand(string[] args)
    {
        var addressGiven = args.Any(a => a is "-a" || a.StartsWith("--address", StringComparison.Ordinal));
        var positionals = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (OptionsWithValue.Contains(a))
            {
                i++;
                continue;
            }

            if (a.StartsWith('-'))
            {
                continue;
            }

            positionals++;
            if (positionals > (addressGiven ? 0 : 1))
            {
                return (args[..i], [.. args[i..]]);
            }
        }

        return (args, []);
    }

    private static async Task<int> RunParsedAsync(Parsed p, CliEnvironment env, CancellationToken ct)
    {
        if (p.Words.Count > 0 && (p.Words.Skip(1).Any(ShellSession.IsHelpFlag) || p.Words[0] is "help" or "h" or "?"))
        {
            // Help needs no node: answer it before connecting.
            var topic = p.Words[0] is "help" or "h" or "?" ? p.Words.ElementAtOrDefault(1) : p.Words[0];
            if (topic is null)
            {
                await env.Output.WriteLineAsync("commands: pwd cd ls mkdir rm rmdir mv stat sha256 get put (actorfs HOST COMMAND --help; actorfs --help)").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            if (ShellSession.HelpFor(topic) is not { } entry)
            {
                await env.Error.WriteLineAsync($"actorfs: unknown command '{topic}' (actorfs --help)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            await env.Output.WriteLineAsync($"usage: actorfs HOST {entry.Usage}\n  {entry.Summary}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var target = p.Address ?? p.Host;
        if (string.IsNullOrWhiteSpace(target))
        {
            await env.Error.WriteLineAsync("actorfs: which node? usage: actorfs HOST[:PORT] [COMMAND...]  (actorfs --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!TrySplitHostPort(target, out var hostName, out var hostPort))
        {
            await env.Error.WriteLineAsync($"actorfs: '{target}' is not HOST or HOST:PORT.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if ((p.Insecure ? 1 : 0) + (p.Cert is null ? 0 : 1) + (p.NoTls ? 1 : 0) > 1)
        {
            await env.Error.WriteLineAsync("actorfs: --insecure, --cert and --no-tls exclude each other.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var options = new ClientOptions { Host = hostName, Port = p.Port ?? hostPort ?? ClientOptions.DefaultPort, UseTls = !p.NoTls };
        if (p.Insecure)
        {
            await env.Error.WriteLineAsync(
                "WARNING: --insecure: the node's certificate is NOT checked. Anyone between you and the node can read and change what you send and receive.")
                .ConfigureAwait(false);
            options = options with { CertificatePolicy = ServerCertificatePolicy.Insecure };
        }
        else if (p.Cert is not null)
        {
            try
            {
                options = options with { CertificatePolicy = ServerCertificatePolicy.PinCertificate(PemCertificateFile.LoadCertificates(p.Cert)[0]) };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                await env.Error.WriteLineAsync($"actorfs: cannot read the certificate {p.Cert}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        var trust = new KnownNodes(p.KnownNodesPath);
        ActorFsClient client;
        try
        {
            client = await trust.ConnectAsync(options, (h, port, fingerprint) => AcceptNew(h, port, fingerprint, p, env, trust), recordExplicitPin: p.Cert is not null, ct)
                .ConfigureAwait(false);
        }
        catch (ActorFsConnectionException e)
        {
            await env.Error.WriteLineAsync("actorfs: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Connection;
        }

        await using (client.ConfigureAwait(false))
        {
            ITransferView view = p.Json ? new SilentTransferView()
                : env.OutputIsTerminal ? new SpectreTransferView()
                : new PlainTransferView(env.Output, TimeSpan.FromSeconds(2));
            var localDirectory = Directory.GetCurrentDirectory();
            var session = new ShellSession(client, env.Output, env.Error, new ShellSettings
            {
                LocalDirectory = localDirectory,
                DownloadDirectory = p.Dir is null ? null : Path.GetFullPath(p.Dir, localDirectory),
                Force = p.Force,
                Json = p.Json,
                View = view,
            });

            int code;
            if (p.Words.Count > 0)
            {
                code = await session.ExecuteAsync(string.Join(' ', p.Words.Select(CommandText.Quote)), ct).ConfigureAwait(false);
            }
            else if (p.Command is not null)
            {
                code = await session.RunLineAsync(p.Command, stopOnError: true, ct).ConfigureAwait(false);
            }
            else if (!env.Interactive)
            {
                code = await session.RunAsync(() => env.Input.ReadLineAsync(ct).AsTask(), stopOnError: false, ct).ConfigureAwait(false);
            }
            else
            {
                await env.Output.WriteLineAsync($"Connected to {client.Node.Node} ({client.Node.Server}) at {options.Host}:{options.Port}. Type 'help' for commands.")
                    .ConfigureAwait(false);
                var editor = new LineEditor(before => session.CompleteAsync(before, ct));
                code = await session.RunAsync(() => editor.ReadLineAsync($"actorfs:{client.WorkingDirectory}> "), stopOnError: false, ct).ConfigureAwait(false);
                code = ExitCodes.Ok;
            }

            try
            {
                await client.ByeAsync(ct).ConfigureAwait(false);
            }
            catch (ActorFsException)
            {
            }

            return code;
        }
    }

    private static bool AcceptNew(string host, int port, CertificateFingerprint fingerprint, Parsed p, CliEnvironment env, KnownNodes trust)
    {
        var key = KnownNodes.KeyOf(host, port);
        if (p.TrustNew)
        {
            env.Error.WriteLine($"actorfs: pinning the certificate of {key} on first use (--trust-new): SHA-256 {fingerprint.ColonHex}");
            return true;
        }

        if (!env.Interactive)
        {
            return false;
        }

        env.Error.WriteLine($"The node {key} is not known yet. Its certificate's SHA-256 fingerprint is:");
        env.Error.WriteLine("  " + fingerprint.ColonHex);
        env.Error.WriteLine("Compare it with the one the node's operator sees (actorfs-node prints it at start).");
        env.Error.Write($"Trust this node and pin it in {trust.FilePath}? [y/N] ");
        var answer = env.Input.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    internal static bool TrySplitHostPort(string text, out string host, out int? port)
    {
        host = text;
        port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            return rest.Length == 0 || (rest[0] == ':' && TryPort(rest[1..], out port));
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            return host.Length > 0;
        }

        host = text[..colon];
        return host.Length > 0 && TryPort(text[(colon + 1)..], out port);
    }

    private static bool TryPort(string text, out int? port)
    {
        port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : null;
        return port is not null;
    }
}
