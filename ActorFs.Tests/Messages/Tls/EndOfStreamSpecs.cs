using System.Net.Security;
using System.Net.Sockets;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Messages.Tls;

/// <summary>
/// The legacy client closes TCP without a TLS close_notify (LEGACY-PROTOCOL.md, Transport). These specs
/// pin down what SslStream does with that, which TlsHandshake's remarks document.
/// </summary>
public sealed class EndOfStreamSpecs
{
    [Fact]
    public async Task A_TCP_close_without_close_notify_between_records_must_read_as_end_of_stream()
    {
        var (client, clientSocket, server, _) = await ConnectAsync();
        await using (server)
        using (clientSocket)
        {
            await client.WriteAsync("last words"u8.ToArray());
            await client.FlushAsync();
            clientSocket.Shutdown(SocketShutdown.Send); // a FIN, and no close_notify

            var received = await Loopback.ReadUpToAsync(server, 10);
            var end = await server.ReadAsync(new byte[16]).AsTask().WaitAsync(Loopback.Deadline);

            Assert.Equal("last words"u8.ToArray(), received);
            Assert.Equal(0, end);
        }
    }

    [Fact]
    public async Task A_TCP_close_in_the_middle_of_a_record_must_throw_IOException_not_read_as_end_of_stream()
    {
        var (client, clientSocket, server, transport) = await ConnectAsync();
        await using (server)
        using (clientSocket)
        {
            transport.ForwardAtMost(10); // the next record is cut after 10 of its bytes
            await client.WriteAsync(new byte[100]);
            clientSocket.Shutdown(SocketShutdown.Send);

            await Assert.ThrowsAsync<IOException>(() => server.ReadAsync(new byte[200]).AsTask().WaitAsync(Loopback.Deadline));
        }
    }

    private static async Task<(SslStream Client, Socket ClientSocket, SslStream Server, TruncatingStream Transport)> ConnectAsync()
    {
        var node = TestCertificates.NodeCertificate;
        using var listener = Loopback.Listen();
        var clientSocket = await Loopback.ConnectAsync(Loopback.EndPointOf(listener));
        var accepted = await listener.AcceptAsync().WaitAsync(Loopback.Deadline);
        var serverTask = TlsHandshake.AuthenticateAsServerAsync(new NetworkStream(accepted, ownsSocket: true), TlsOptions.ForServer(node), Loopback.Deadline, CancellationToken.None);
        var transport = new TruncatingStream(new NetworkStream(clientSocket));
        var client = await TlsHandshake.AuthenticateAsClientAsync(
            transport, TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(node)), Loopback.Deadline, CancellationToken.None);
        return (client, clientSocket, await serverTask, transport);
    }

    /// <summary>A transport that, once told, forwards only a given number of further written bytes and drops the rest.</summary>
    private sealed class TruncatingStream(Stream inner) : Stream
    {
        private long budget = long.MaxValue;

        public void ForwardAtMost(long bytes) => budget = bytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, Take(count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer[..Take(buffer.Length)], cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, Take(count), cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Take(int count)
        {
            var taken = (int)Math.Min(count, budget);
            budget -= taken;
            return taken;
        }
    }
}
