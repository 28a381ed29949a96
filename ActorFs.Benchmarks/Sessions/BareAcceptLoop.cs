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
internal sealed class BareAcceptLoop : IDisposable
{
    private readonly Socket _listener;
    private readonly SslServerAuthenticationOptions _tls;
    private readonly CancellationTokenSource _stop = new();

    public BareAcceptLoop(X509Certificate2 certificate)
    {
        _tls = TlsOptions.ForServer(certificate);
        _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4096);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        socket.NoDelay = true;
        try
        {
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await ssl.AuthenticateAsServerAsync(_tls, _stop.Token);
            while (await ssl.ReadAsync(Memory<byte>.Empty, _stop.Token) >= 0)
            {
                var one = new byte[1];
                if (await ssl.ReadAsync(one, _stop.Token) == 0) return;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
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
