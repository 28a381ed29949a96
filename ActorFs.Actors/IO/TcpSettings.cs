using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Actors.IO;

/// <summary>
/// Limits and timeouts of the TCP layer, the same for every connection unless a <see cref="TcpOptions"/>
/// overrides them. Bound from HOCON (<c>actorfs.io.tcp.*</c>) by the node; the defaults are what the node ships.
/// </summary>
public sealed record TcpSettings
{
    public static readonly TcpSettings Default = new();

    /// <summary>
    /// Bytes asked for by one read. The buffer is rented from the pool only while data is arriving (plain TCP
    /// waits for data with a zero-byte read, holding no buffer). What one read returns is delivered as
    /// <see cref="Tcp.Received"/> copies of at most 64 KiB each (kept off the large object heap), so a large
    /// read size costs fewer system calls and wake-ups without large garbage.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 256 * 1024;

    /// <summary>
    /// The most bytes a connection keeps queued for writing; a write that would go past it is refused with
    /// <see cref="Tcp.CommandFailed"/> (a single write larger than the limit is accepted into an empty queue).
    /// </summary>
    public long MaxWriteQueueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long a new connection waits for <see cref="Tcp.Register"/> before it is closed.</summary>
    public TimeSpan RegisterTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a TLS handshake may take, so a peer that connects and never speaks costs at most this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an outgoing <see cref="Tcp.Connect"/> may take when it names no timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public TcpSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferSize, 512, nameof(ReceiveBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWriteQueueBytes, 1, nameof(MaxWriteQueueBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RegisterTimeout, TimeSpan.Zero, nameof(RegisterTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        return this;
    }
}

/// <summary>
/// Per-bind or per-connect options: TLS (server side for <see cref="Tcp.Bind"/>, client side for
/// <see cref="Tcp.Connect"/>), Nagle, and settings overriding the extension's.
/// </summary>
public sealed record TcpOptions
{
    /// <summary>Plain TCP with the extension's settings.</summary>
    public static TcpOptions Plain { get; } = new();

    /// <summary>When set on a Bind, every accepted connection runs a TLS server handshake with these options.</summary>
    public SslServerAuthenticationOptions? ServerTls { get; init; }

    /// <summary>When set on a Connect, the connection runs a TLS client handshake with these options.</summary>
    public SslClientAuthenticationOptions? ClientTls { get; init; }

    /// <summary>Disables Nagle's algorithm (the default: request/reply traffic must not wait 40 ms).</summary>
    public bool NoDelay { get; init; } = true;

    /// <summary>Overrides the extension's settings for this bind or connect.</summary>
    public TcpSettings? Settings { get; init; }


    internal bool IsTls => ServerTls is not null || ClientTls is not null;
}
