using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.Common;

/// <summary>
/// What every bare baseline server shares: listen on 127.0.0.1:0, accept, run the TLS handshake, then hand
/// each connection's SslStream to <c>serve</c>. A connection that fails or is cancelled just ends.
/// </summary>
internal sealed class TlsAcceptLoop : IAsyncDisposable
{
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly SslServerAuthenticationOptions _tls;
    private readonly Func<SslStream, CancellationToken, Task> _serve;
    private readonly Task _accepting;

    public TlsAcceptLoop(X509Certificate2 certificate, Func<SslStream, CancellationToken, Task> serve)
    {
        _tls = TlsOptions.ForServer(certificate);
        _serve = serve;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4096);
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint Endpoint { get; }

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
            await _serve(ssl, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the baseline stopped: that connection is done.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
