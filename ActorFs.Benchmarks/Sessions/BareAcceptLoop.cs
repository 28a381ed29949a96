using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Benchmarks.Common;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.Sessions;

/// <summary>
/// The sessions baseline: accept, TLS handshake, then wait for data with a zero-byte read (so an idle
/// connection holds no read buffer), as a lean SslStream server would. Nothing else per connection.
/// </summary>
internal sealed class BareAcceptLoop(X509Certificate2 certificate) : IAsyncDisposable
{
    private readonly TlsAcceptLoop _loop = new(certificate, static async (ssl, stop) =>
    {
        while (await ssl.ReadAsync(Memory<byte>.Empty, stop) >= 0)
        {
            var one = new byte[1];
            if (await ssl.ReadAsync(one, stop) == 0) return;
        }
    });

    public int Port => _loop.Endpoint.Port;

    public ValueTask DisposeAsync() => _loop.DisposeAsync();
}

/// <summary>A self-signed certificate made the way a node makes its own (ECDSA P-256), for the baseline server.</summary>
internal sealed class ScratchCertificate : IDisposable
{
    public ScratchCertificate(ScratchFolder scratch)
    {
        var path = scratch.Combine("baseline.pem");
        Certificate = PemCertificateFile.LoadOrCreate(path, "actorfs-bench");
    }

    public X509Certificate2 Certificate { get; }

    public void Dispose()
    {
    }
}
