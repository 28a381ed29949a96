using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ActorFs.Actors.IO;

/// <summary>The two loops of a connection: the bounded send queue with its send loop, and the receive pump.</summary>
internal sealed partial class TcpConnection
{
    /// <summary>The largest <see cref="Tcp.Received"/>: below the large object heap threshold (85,000 bytes).</summary>
    internal const int ReceivedChunkSize = 64 * 1024;

    /// <summary>
    /// The write queue, bounded in bytes by the actor (which refuses what would go past the limit), drained
    /// by one send loop on the thread pool. An ack is sent when the socket or SslStream has taken the
    /// write's bytes, not when it is queued. Markers (close, hand-over) travel in the same queue so that they
    /// happen after every write queued before them.
    /// </summary>
    private sealed class SendQueue
    {
        private readonly Channel<object> _items = Channel.CreateUnbounded<object>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });

        private long _queuedBytes;

        /// <summary>Bytes accepted but not yet written.</summary>
        public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

        /// <summary>Queues the command's writes, unless that would take the queue past <paramref name="limit"/> bytes.</summary>
        public bool TryEnqueue(Tcp.WriteCommand command, IActorRef commander, long limit)
        {
            var length = command.Length;
            var queued = QueuedBytes;
            if (queued > 0 && queued + length > limit) return false;
            Interlocked.Add(ref _queuedBytes, length);
            if (command is Tcp.Write single)
            {
                _items.Writer.TryWrite(new PendingWrite(single, commander));
            }
            else
            {
                foreach (var write in command.Flatten()) _items.Writer.TryWrite(new PendingWrite(write, commander));
            }

            return true;
        }

        public void Enqueue(SendMarker marker) => _items.Writer.TryWrite(marker);

        public void Complete() => _items.Writer.TryComplete();

        public async Task RunAsync(Stream stream, Socket socket, IActorRef connection, CancellationToken cancellationToken)
        {
            var reader = _items.Reader;
            try
            {
                while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var item))
                    {
                        if (item is PendingWrite pending)
                        {
                            var write = pending.Write;
                            if (!write.Data.IsEmpty) await stream.WriteAsync(write.Data, cancellationToken).ConfigureAwait(false);
                            Interlocked.Add(ref _queuedBytes, -write.Data.Length);
                            if (write.WantsAck) pending.Commander.Tell(write.Ack, connection);
                            continue;
                        }

                        var marker = (SendMarker)item;
                        if (marker != SendMarker.HandOver)
                        {
                            if (stream is SslStream ssl) await ssl.ShutdownAsync().ConfigureAwait(false);
                            if (marker == SendMarker.ShutdownOutput) socket.Shutdown(SocketShutdown.Send);
                        }

                        connection.Tell(new Drained(marker), connection);
                        return;
                    }
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                connection.Tell(new SendFailed(e), connection);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
            {
                // The connection was shut down under us: its Shutdown already reported why.
            }
        }

        private sealed record PendingWrite(Tcp.Write Write, IActorRef Commander);
    }

    /// <summary>
    /// Reads and delivers <see cref="Tcp.Received"/> copies straight to the handler (no hop through the
    /// connection actor; the handler's mailbox keeps them in order). On plain TCP it waits for data with a
    /// zero-byte read, renting its buffer only while data arrives and returning it when a read does not fill
    /// it, so an idle connection holds no buffer. The buffer is this connection's alone while rented.
    /// Pause/Resume/HandOver come from the actor; a small lock orders them against delivery, so nothing is
    /// delivered after a hand-over and a read in flight at hand-over time goes to the new owner.
    /// </summary>
    private sealed class ReceivePump(Stream stream, Socket socket, bool zeroByteReads, int bufferSize) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly CancellationTokenSource _idleWait = new();
        private TaskCompletionSource? _resume;
        private bool _paused;
        private bool _stopped;
        private bool _handedOver;
        private Task<int>? _inFlight;
        private byte[]? _inFlightBuffer;

        public void Pause()
        {
            lock (_gate) _paused = true;
        }

        public void Resume()
        {
            TaskCompletionSource? resume;
            lock (_gate)
            {
                _paused = false;
                resume = _resume;
                _resume = null;
            }

            resume?.TrySetResult();
        }

        /// <summary>Stops the pump for good; the read in flight (if any) ends when the stream is disposed.</summary>
        public void Stop()
        {
            lock (_gate) _stopped = true;
            Resume();
        }

        /// <summary>Stops the pump and gives away the read in flight, if any, with its buffer.</summary>
        public PendingRead? HandOver()
        {
            PendingRead? pending;
            lock (_gate)
            {
                _handedOver = true;
                pending = _inFlight is null ? null : new PendingRead(_inFlight, _inFlightBuffer!);
                _inFlight = null;
                _inFlightBuffer = null;
            }

            Resume();
            _idleWait.Cancel(); // a zero-byte wait consumes nothing, so cancelling it loses no data
            return pending;
        }

        public void Dispose() => _idleWait.Dispose();

        public async Task RunAsync(IActorRef handler, IActorRef connection, CancellationToken lifetime)
        {
            byte[]? buffer = null;
            try
            {
                while (true)
                {
                    Task? resumed = null;
                    lock (_gate)
                    {
                        if (_handedOver || _stopped) return;
                        if (_paused) resumed = (_resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                    }

                    if (resumed is not null)
                    {
                        await resumed.ConfigureAwait(false);
                        continue;
                    }

                    if (zeroByteReads && buffer is null)
                    {
                        try
                        {
                            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _idleWait.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (_idleWait.IsCancellationRequested)
                        {
                            return;
                        }
                    }

                    buffer ??= ArrayPool<byte>.Shared.Rent(bufferSize);
                    Task<int> read;
                    lock (_gate)
                    {
                        if (_handedOver || _stopped) return;
                        if (_paused) continue;
                        read = stream.ReadAsync(buffer.AsMemory(0, bufferSize), CancellationToken.None).AsTask();
                        _inFlight = read;
                        _inFlightBuffer = buffer;
                    }

                    int count;
                    try
                    {
                        count = await read.ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        lock (_gate)
                        {
                            if (_handedOver)
                            {
                                buffer = null; // the new owner holds the failed read and its buffer
                                return;
                            }

                            _inFlight = null;
                            _inFlightBuffer = null;
                        }

                        throw;
                    }

                    lock (_gate)
                    {
                        if (_handedOver)
                        {
                            buffer = null; // the new owner reads this result (and returns the buffer)
                            return;
                        }

                        _inFlight = null;
                        _inFlightBuffer = null;
                        if (_stopped) return;
                        if (count == 0)
                        {
                            connection.Tell(new ReadEnded(null), connection);
                            return;
                        }

                        // Delivered inside the lock, so a hand-over cannot overtake data read before it. Copies of
                        // at most ReceivedChunkSize bytes stay off the large object heap; one large read
                        // (fewer syscalls and wake-ups) may so become several Received events.
                        for (var offset = 0; offset < count; offset += ReceivedChunkSize)
                        {
                            var length = Math.Min(ReceivedChunkSize, count - offset);
                            var copy = GC.AllocateUninitializedArray<byte>(length);
                            buffer.AsSpan(offset, length).CopyTo(copy);
                            handler.Tell(new Tcp.Received(copy), connection);
                        }
                    }

                    if (zeroByteReads && count < bufferSize)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                }
            }
            catch (Exception e)
            {
                if (!lifetime.IsCancellationRequested && !Volatile.Read(ref _stopped)) connection.Tell(new ReadEnded(e), connection);
            }
            finally
            {
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A read that was in flight when the stream was handed over, with the buffer it reads into.</summary>
    internal sealed record PendingRead(Task<int> Read, byte[] Buffer);
}

/// <summary>Refuses a write that would take a connection's write queue past its limit.</summary>
public sealed class WriteQueueFullException : IOException
{
    public WriteQueueFullException(long writeBytes, long queuedBytes, long limitBytes)
        : base($"The write of {writeBytes} bytes was refused: {queuedBytes} bytes are queued and the limit is {limitBytes}. Wait for an ack before writing more.")
    {
        WriteBytes = writeBytes;
        QueuedBytes = queuedBytes;
        LimitBytes = limitBytes;
    }

    public WriteQueueFullException()
    {
    }

    public WriteQueueFullException(string message) : base(message)
    {
    }

    public WriteQueueFullException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public long WriteBytes { get; }

    public long QueuedBytes { get; }

    public long LimitBytes { get; }
}
