using ActorFs.Messages.Tls;

namespace ActorFs.Client;

/// <summary>Where and how <see cref="ActorFsClient.ConnectAsync"/> connects.</summary>
public sealed record ClientOptions
{
    /// <summary>The default control port of a node.</summary>
    public const int DefaultPort = 8080;

    /// <summary>The node's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The node's control port (default 8080).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Whether both the control and the transfer connections use TLS (default true; false only for nodes run with <c>--no-tls</c>).</summary>
    public bool UseTls { get; init; } = true;

    /// <summary>
    /// How the node's certificate is judged on the control connection, and on transfer connections to
    /// the same host. Required when <see cref="UseTls"/> is true (see <see cref="KnownNodes"/> for trust on first use).
    /// </summary>
    public ServerCertificatePolicy? CertificatePolicy { get; init; }

    /// <summary>
    /// The policy for a transfer connection to another host (a transfer reply may name one, DESIGN.md
    /// section 8); given the host and port, or null to use <see cref="CertificatePolicy"/>.
    /// </summary>
    public Func<string, int, ServerCertificatePolicy>? TransferCertificatePolicy { get; init; }

    /// <summary>
    /// Where to open a transfer connection that a reply names (host, port), for port forwarding or a
    /// proxy in front of the transfer port; null connects where the reply says. The certificate policy is
    /// chosen for the host this returns.
    /// </summary>
    public Func<string, int, (string Host, int Port)>? RouteTransfer { get; init; }

    /// <summary>How long opening a TCP connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a TLS handshake may take.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a command may wait for its reply (transfers wait this long for each read).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The name sent in <c>hello</c>.</summary>
    public string ClientName { get; init; } = "actorfs/1.0";

    internal ServerCertificatePolicy PolicyFor(string host, int port)
    {
        if (TransferCertificatePolicy is not null && !string.Equals(host, Host, StringComparison.OrdinalIgnoreCase))
        {
            return TransferCertificatePolicy(host, port);
        }

        return CertificatePolicy ?? throw new InvalidOperationException("TLS is on but no certificate policy was given.");
    }
}
