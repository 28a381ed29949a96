using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

/// <summary>Actors and clients the IO specs share: an echo handler, and raw (optionally TLS) loopback clients.</summary>
internal static class IoSpecSupport
{
    public static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    public static TcpOptions ServerTls => new() { ServerTls = TlsOptions.ForServer(TestCertificates.NodeCertificate) };

    public static TcpOptions ClientTls => new() { ClientTls = TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(TestCertificates.NodeCertificate)) };

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A raw client connection: the socket and the stream to use (the socket's, or TLS over it).</summary>
    public static async Task<(Socket Socket, Stream Stream)> ConnectAsync(IPEndPoint endPoint, bool tls)
    {
        var socket = await Loopback.ConnectAsync(endPoint);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls)
        {
            var options = TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(TestCertificates.NodeCertificate));
            stream = await TlsHandshake.AuthenticateAsClientAsync(stream, options, Loopback.Deadline, CancellationToken.None);
        }

        return (socket, stream);
    }

    /// <summary>Sends <paramref name="payload"/> (in pieces of <paramref name="pieceSize"/>), ends the sending side, and returns everything read until end of stream.</summary>
    public static async Task<byte[]> EchoThroughAsync(IPEndPoint endPoint, byte[] payload, bool tls, int pieceSize = 16 * 1024)
    {
        var (socket, stream) = await ConnectAsync(endPoint, tls);
        await using (stream)
        {
            var reading = Loopback.ReadToEndAsync(stream);
            for (var offset = 0; offset < payload.Length; offset += pieceSize)
            {
                await stream.WriteAsync(payload.AsMemory(offset, Math.Min(pieceSize, payload.Length - offset))).AsTask().WaitAsync(Loopback.Deadline);
            }

            if (stream is SslStream ssl) await ssl.ShutdownAsync().WaitAsync(Loopback.Deadline);
            socket.Shutdown(SocketShutdown.Send);
            return await reading.WaitAsync(Loopback.Deadline);
        }
    }
}

/// <summary>
/// Echoes every connection it is bound for: registers with keep-open-on-peer-closed, writes back what it
/// receives, and closes (flushing) when the peer has closed its side. Writes are ack-less, so payloads stay
/// under the write queue limit in the specs that use it.
/// </summary>
internal sealed class EchoHandler : ReceiveActor
{
    public EchoHandler()
    {
        Receive<Tcp.Connected>(_ => Sender.Tell(new Tcp.Register(Self, KeepOpenOnPeerClosed: true)));
        Receive<Tcp.Received>(received => Sender.Tell(Tcp.Write.Create(received.Data)));
        Receive<Tcp.PeerClosed>(_ => Sender.Tell(Tcp.Close.Instance));
        Receive<Tcp.ConnectionClosed>(_ => { });
    }
}
