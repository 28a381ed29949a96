using System.Net.Sockets;
using System.Net.Security;

namespace ActorFs.Actors.IO;

/// <summary>How a connection comes to be: its origin (accepted or connected) and the connect + TLS handshake task.</summary>
internal sealed partial class TcpConnection
{
    /// <summary>Where a connection comes from: accepted by a listener, or asked for with Connect.</summary>
    internal abstract record Origin(TcpOptions Options)
    {
        public static Origin Incoming(Socket socket, IActorRef bindHandler, TcpOptions? options) =>
            new IncomingOrigin(socket, bindHandler, options ?? TcpOptions.Plain);

        public static Origin Outgoing(Tcp.Connect connect, IActorRef commander) =>
            new OutgoingOrigin(connect, commander, connect.Options ?? TcpOptions.Plain);

        /// <summary>Who receives Connected.</summary>
        public abstract IActorRef Greeted { get; }
    }

    internal sealed record IncomingOrigin(Socket Socket, IActorRef BindHandler, TcpOptions Options) : Origin(Options)
    {
        public override IActorRef Greeted => BindHandler;
    }

    internal sealed record OutgoingOrigin(Tcp.Connect Connect, IActorRef Commander, TcpOptions Options) : Origin(Options)
    {
        public override IActorRef Greeted => Commander;
    }

    // ---- Establishment -------------------------------------------------------------------------------------

    private static async Task<Established> EstablishAsync(Origin origin, TcpSettings settings, CancellationToken cancellationToken)
    {
        Socket socket;
        if (origin is IncomingOrigin incoming)
        {
            socket = incoming.Socket;
        }
        else
        {
            var connect = ((OutgoingOrigin)origin).Connect;
            socket = new Socket(connect.RemoteAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            var timeout = connect.Timeout ?? settings.ConnectTimeout;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                if (connect.LocalAddress is { } local) socket.Bind(local);
                await socket.ConnectAsync(connect.RemoteAddress, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"Connecting to {connect.RemoteAddress} did not complete within {timeout.TotalSeconds:0.###} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var remote = socket.RemoteEndPoint!;
        var localEnd = socket.LocalEndPoint!;
        Stream stream;
        try
        {
            socket.NoDelay = origin.Options.NoDelay;
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (origin.Options.ServerTls is { } server)
        {
            stream = await HandshakeAsync(stream, (ssl, ct) => ssl.AuthenticateAsServerAsync(server, ct), settings.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        }
        else if (origin.Options.ClientTls is { } client)
        {
            stream = await HandshakeAsync(stream, (ssl, ct) => ssl.AuthenticateAsClientAsync(client, ct), settings.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        }

        return new Established(socket, stream, remote, localEnd);
    }

    /// <summary>A TLS handshake bounded by the handshake timeout, so a peer that connects and never speaks costs at most that.</summary>
    private static async Task<Stream> HandshakeAsync(Stream inner, Func<SslStream, CancellationToken, Task> authenticate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await authenticate(ssl, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The TLS handshake did not complete within {timeout.TotalSeconds:0.###} s.");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
