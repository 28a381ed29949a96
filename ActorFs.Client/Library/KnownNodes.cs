// The client's trust store, ~/.actorfs/known_nodes, in the manner of ssh's known_hosts: one line per
// node, "HOST:PORT sha256:HEX", pinning the SHA-256 fingerprint of the certificate first accepted.
// ConnectAsync applies it: a known node must present the pinned certificate; an unknown one is
// refused by a policy that matches nothing, and the refusal's presented fingerprint is offered to the
// caller for trust on first use; a changed certificate is refused with how to proceed.
using ActorFs.Messages.Tls;

namespace ActorFs.Client;

/// <summary>Pinned node certificates, keyed by host and port (a file like ssh's known_hosts).</summary>
public sealed class KnownNodes
{
    private static readonly CertificateFingerprint NoCertificate = CertificateFingerprint.Parse(new string('0', 64));

    /// <summary>Opens the store at <paramref name="path"/> (created on the first <see cref="Add"/>).</summary>
    public KnownNodes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    /// <summary><c>~/.actorfs/known_nodes</c>.</summary>
    public static string DefaultPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorfs", "known_nodes");

    /// <summary>A policy that refuses every certificate: the first attempt with an unknown node, whose refusal carries the presented fingerprint.</summary>
    public static ServerCertificatePolicy Unknown { get; } = ServerCertificatePolicy.PinFingerprint(NoCertificate);

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The key of a node: <c>host:port</c> (<c>[v6]:port</c> for IPv6 addresses), host in lowercase.</summary>
    public static string KeyOf(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.ToLowerInvariant();
        return (h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('[') ? $"[{h}]" : h) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The pinned fingerprint of a node, or null when it is not known.</summary>
    public CertificateFingerprint? Find(string host, int port)
    {
        var key = KeyOf(host, port);
        return ReadAll().FirstOrDefault(e => e.Key == key).Fingerprint;
    }

    /// <summary>The policy for a node: its pin when known, else <see cref="Unknown"/>.</summary>
    public ServerCertificatePolicy PolicyFor(string host, int port) =>
        Find(host, port) is { } pinned ? ServerCertificatePolicy.PinFingerprint(pinned) : Unknown;

    /// <summary>Pins <paramref name="fingerprint"/> for a node, replacing an earlier pin; written atomically (mode 0600).</summary>
    public void Add(string host, int port, CertificateFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var key = KeyOf(host, port);
        var lines = ReadLines().Where(l => ParseLine(l)?.Key != key).ToList();
        lines.Add($"{key} sha256:{fingerprint.Hex}");
        Write(lines);
    }

    /// <summary>Forgets a node's pin; true when there was one.</summary>
    public bool Remove(string host, int port)
    {
        var key = KeyOf(host, port);
        var lines = ReadLines().ToList();
        var kept = lines.Where(l => ParseLine(l)?.Key != key).ToList();
        if (kept.Count == lines.Count)
        {
            return false;
        }

        Write(kept);
        return true;
    }

    /// <summary>
    /// Connects with trust on first use. With <see cref="ClientOptions.CertificatePolicy"/> set (an
    /// explicit <c>--cert</c> pin or <c>--insecure</c>) that policy decides; a pinned <c>--cert</c>
    /// (<paramref name="recordExplicitPin"/>) is then recorded. Otherwise a known node must present its
    /// pinned certificate, and an unknown node's fingerprint is passed to <paramref name="acceptNew"/>,
    /// which decides whether to pin it and go on.
    /// </summary>
    /// <exception cref="ActorFsConnectionException">The node is unreachable, its certificate changed, or the new one was not accepted.</exception>
    public async Task<ActorFsClient> ConnectAsync(
        ClientOptions options,
        Func<string, int, CertificateFingerprint, bool> acceptNew,
        bool recordExplicitPin = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(acceptNew);
        if (!options.UseTls)
        {
            return await ActorFsClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }

        if (options.CertificatePolicy is not null)
        {
            var client = await ActorFsClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            if (recordExplicitPin && client.PresentedFingerprint is { } presented)
            {
                Add(options.Host, options.Port, presented);
            }

            return client;
        }

        var pinned = Find(options.Host, options.Port);
        try
        {
            return await ActorFsClient.ConnectAsync(
                options with { CertificatePolicy = pinned is null ? Unknown : ServerCertificatePolicy.PinFingerprint(pinned) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ActorFsConnectionException e) when (e.CertificateRefused && e.Certificate!.PresentedFingerprint is { } presented)
        {
            var key = KeyOf(options.Host, options.Port);
            if (pinned is not null)
            {
                throw new ActorFsConnectionException(
                    $"The certificate of {key} has CHANGED: it was pinned as {pinned.ColonHex}, and the node now presents {presented.ColonHex}. "
                    + "This can be an attack (someone between you and the node) or a node that got a new certificate. "
                    + $"If you know the change is expected, remove the line '{key} ...' from {FilePath} and connect again, "
                    + "or connect with --cert FILE giving the node's new certificate.",
                    e.Certificate,
                    e);
            }

            if (!acceptNew(options.Host, options.Port, presented))
            {
                throw new ActorFsConnectionException(
                    $"The certificate of {key} (fingerprint {presented.ColonHex}) is not trusted; nothing was pinned. "
                    + "Accept it when asked, or connect with --trust-new or --cert FILE.",
                    e.Certificate,
                    e);
            }

            var client = await ActorFsClient.ConnectAsync(
                options with { CertificatePolicy = ServerCertificatePolicy.PinFingerprint(presented) },
                cancellationToken).ConfigureAwait(false);
            Add(options.Host, options.Port, presented);
            return client;
        }
    }

    private string[] ReadLines() => File.Exists(FilePath) ? File.ReadAllLines(FilePath) : [];

    private IEnumerable<(string Key, CertificateFingerprint Fingerprint)> ReadAll() =>
        ReadLines().Select(ParseLine).Where(e => e is not null).Select(e => e!.Value);

    private static (string Key, CertificateFingerprint Fingerprint)? ParseLine(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('#'))
        {
            return null;
        }

        var parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        var text = parts[1].StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? parts[1][7..] : parts[1];
        return CertificateFingerprint.TryParse(text, out var fingerprint) ? (parts[0].ToLowerInvariant(), fingerprint) : null;
    }

    private void Write(List<string> lines)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(directory);
        var temp = FilePath + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine("# ActorFs known nodes: HOST:PORT sha256:FINGERPRINT (remove a line to forget a node)");
            foreach (var line in lines.Where(l => !l.StartsWith("# ActorFs known nodes", StringComparison.Ordinal)))
            {
                writer.WriteLine(line);
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
    }
}
