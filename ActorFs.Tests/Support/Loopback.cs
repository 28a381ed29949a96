using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Tests.Support;

/// <summary>Loopback sockets and TLS servers for specs: 127.0.0.1, ephemeral ports, deadlines instead of sleeps.</summary>
public static class Loopback
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>A listening socket on 127.0.0.1 with an ephemeral port.</summary>
    public static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return listener;
    }

    public static IPEndPoint EndPointOf(Socket listener) => (IPEndPoint)listener.LocalEndPoint!;

    /// <summary>A socket connected to <paramref name="endPoint"/>.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(Deadline);
        return socket;
    }

    /// <summary>Reads until <paramref name="count"/> bytes arrived or the stream ended; returns what arrived.</summary>
    public static async Task<byte[]> ReadUpToAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Deadline);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer[..total];
    }

    /// <summary>Reads everything until end of stream.</summary>
    public static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all).WaitAsync(Deadline);
        return all.ToArray();
    }

    /// <summary>
    /// Serves one TLS connection at a time on 127.0.0.1: each accepted connection is authenticated and
    /// echoed back until the client ends its side, then the server closes.
    /// </summary>
    public static async Task RunTlsEchoServerAsync(Socket listener, SslServerAuthenticationOptions options, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        await using var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: true));
                        await ssl.AuthenticateAsServerAsync(options, token);
                        await ssl.CopyToAsync(ssl, token);
                        await ssl.ShutdownAsync();
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                    {
                    }
                },
                token);
        }
    }
}

/// <summary>Certificates shared by specs (generation is cheap, but one is enough).</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Node = new(() => ActorFs.Messages.Tls.PemCertificateFile.PrepareForServer(
        ActorFs.Messages.Tls.SelfSignedCertificateFactory.Create("ActorFs test node")));

    private static readonly Lazy<X509Certificate2> Other = new(() => ActorFs.Messages.Tls.PemCertificateFile.PrepareForServer(
        ActorFs.Messages.Tls.SelfSignedCertificateFactory.Create("ActorFs other node")));

    /// <summary>The node certificate most specs serve.</summary>
    public static X509Certificate2 NodeCertificate => Node.Value;

    /// <summary>A second, unrelated certificate, for refusals.</summary>
    public static X509Certificate2 OtherCertificate => Other.Value;
}
