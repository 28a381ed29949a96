using System.Buffers;

namespace ActorFs.Actors.IO;

/// <summary>
/// The stream a connection hands over with <see cref="Tcp.StreamTakenOver"/>: the connection's own stream
/// (NetworkStream or SslStream), plus the read that was in flight at hand-over time, whose bytes come out of
/// the first reads so nothing the peer sent is lost or reordered. Disposing it closes the connection.
/// </summary>
internal sealed class TakenOverStream(Stream inner, TcpConnection.PendingRead? pending) : Stream
{
    private TcpConnection.PendingRead? _pending = pending;
    private byte[]? _leftover;
    private int _leftoverOffset;
    private int _leftoverCount;
    private int _disposed;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pending is { } pending)
        {
            int count;
            try
            {
                count = await pending.Read.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.Read.IsCompleted)
            {
                throw; // still pending: a later read picks it up
            }
            catch
            {
                _pending = null;
                ArrayPool<byte>.Shared.Return(pending.Buffer);
                throw;
            }

            _pending = null;
            if (count == 0)
            {
                ArrayPool<byte>.Shared.Return(pending.Buffer);
                return 0;
            }

            _leftover = pending.Buffer;
            _leftoverOffset = 0;
            _leftoverCount = count;
        }

        if (_leftover is not null) return TakeLeftover(buffer.Span);
        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            inner.Dispose();
            if (_leftover is not null) ArrayPool<byte>.Shared.Return(_leftover);
            _leftover = null;

            // A read still in flight may yet write into its buffer: leave that one to the GC.
            _pending = null;
        }

        base.Dispose(disposing);
    }

    private int TakeLeftover(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _leftoverCount);
        _leftover.AsSpan(_leftoverOffset, count).CopyTo(destination);
        _leftoverOffset += count;
        _leftoverCount -= count;
        if (_leftoverCount == 0)
        {
            ArrayPool<byte>.Shared.Return(_leftover!);
            _leftover = null;
        }

        return count;
    }
}
