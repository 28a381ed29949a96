// The client session: one control connection, a reader loop that demultiplexes replies (by request
// id) and transfer events (by the id of the get/put that started them), and writes serialised by a
// lock, so that commands and several transfers can run at once on one session.
//
//   ConnectAsync -> hello -> Open (commands, transfers) -> bye / dispose / connection lost -> Closed
using System.Collections.Concurrent;
using ActorFs.Messages;
using ActorFs.Messages.Tls;

namespace ActorFs.Client;

/// <summary>
/// A protocol v2 session with an ActorFs node. Thread-safe: commands and transfers may run
/// concurrently. <c>await using var c = await ActorFsClient.ConnectAsync(options, ct);</c>
/// </summary>
public sealed partial class ActorFsClient : IAsyncDisposable
{
    private const int ReceiveFrameLimit = 16 * 1024 * 1024;

    private readonly Stream control;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<V2.ServerMessage>> pending = new();
    private readonly ConcurrentDictionary<long, TransferWatch> transfers = new();
    private readonly CancellationTokenSource closing = new();
    private Task readerLoop = Task.CompletedTask;
    private long lastId;
    private volatile string? closedReason;
    private int disposed;

    private ActorFsClient(ClientOptions options, Stream control)
    {
        Options = options;
        this.control = control;
    }

    /// <summary>The options this session was opened with.</summary>
    public ClientOptions Options { get; }

    /// <summary>What the node said about itself in its hello reply.</summary>
    public NodeInfo Node { get; private set; } = new(string.Empty, string.Empty, 0, 0, []);

    /// <summary>The session's working directory on the node, as last reported (hello, cd, pwd).</summary>
    public string WorkingDirectory { get; private set; } = "/";

    /// <summary>The SHA-256 fingerprint of the certificate the node presented (null with TLS off).</summary>
    public CertificateFingerprint? PresentedFingerprint { get; private init; }

    /// <summary>False once the connection was closed or lost.</summary>
    public bool IsConnected => closedReason is null;

    /// <summary>
    /// Connects to the node (TCP, then TLS under <see cref="ClientOptions.CertificatePolicy"/> unless TLS
    /// is off), switches the session to protocol v2 with <c>hello</c> and returns the open session.
    /// </summary>
    /// <exception cref="ActorFsConnectionException">The node could not be reached, its certificate was refused, or it did not accept v2.</exception>
    public static async Task<ActorFsClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        var (stream, presented) = await Connector.OpenAsync(options, options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        var client = new ActorFsClient(options, stream) { PresentedFingerprint = presented };
        client.readerLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
        try
        {
            var hello = await client.RequestAsync<V2.Replies.Hello>(
                id => new V2.Requests.Hello(id, V2.ProtocolVersion, options.ClientName), cancellationToken).ConfigureAwait(false);
            client.Node = new NodeInfo(hello.Node, hello.Server, hello.Protocol, hello.MaxFrameBytes, hello.Features);
            client.WorkingDirectory = hello.Cwd;
            return client;
        }
        catch (Exception e)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            if (e is ActorFsException and not ActorFsConnectionException)
            {
                throw new ActorFsConnectionException($"{options.Host}:{options.Port} did not accept protocol v2: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Says <c>bye</c> (the node then cancels this session's transfers) and closes the connection.</summary>
    public async Task ByeAsync(CancellationToken cancellationToken = default)
    {
        if (IsConnected)
        {
            try
            {
                await RequestAsync<V2.Replies.Bye>(id => new V2.Requests.Bye(id), cancellationToken).ConfigureAwait(false);
            }
            catch (ActorFsConnectionException)
            {
                // The node closed first: the session is over either way.
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the control connection without a <c>bye</c>; outstanding commands fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Close("The session was closed.");
        await closing.CancelAsync().ConfigureAwait(false);
        await control.DisposeAsync().ConfigureAwait(false);
        try
        {
            await readerLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        closing.Dispose();
        writeLock.Dispose();
    }

    /// <summary>Sends the request built from a fresh id and waits for its reply; an error reply throws.</summary>
    internal async Task<TReply> RequestAsync<TReply>(Func<long, V2.Request> build, CancellationToken cancellationToken, TransferWatch? watch = null)
        where TReply : V2.Reply
    {
        var id = Interlocked.Increment(ref lastId);
        var request = build(id);
        var reply = new TaskCompletionSource<V2.ServerMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        if (watch is not null)
        {
            transfers[id] = watch;
        }

        try
        {
            if (closedReason is { } reason)
            {
                throw new ActorFsConnectionException(reason);
            }

            await SendAsync(V2RequestEncoder.Encode(request), cancellationToken).ConfigureAwait(false);
            V2.ServerMessage message;
            try
            {
                message = await reply.Task.WaitAsync(Options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ActorFsConnectionException($"The node did not answer '{request.Command}' within {Options.RequestTimeout.TotalSeconds:0.#} s.");
            }

            return message switch
            {
                TReply typed => typed,
                V2.ErrorReply error => throw ActorFsException.From(error),
                _ => throw new ActorFsConnectionException($"The node answered '{request.Command}' with an unexpected message."),
            };
        }
        catch
        {
            transfers.TryRemove(id, out _);
            throw;
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    internal void Forget(long requestId) => transfers.TryRemove(requestId, out _);

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await control.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await control.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Close("The connection to the node was lost.");
            throw new ActorFsConnectionException(closedReason ?? "The connection to the node was lost.", e);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var decoder = new JsonFrameDecoder(ReceiveFrameLimit);
        var buffer = new byte[64 * 1024];
        var reason = "The node closed the connection.";
        try
        {
            while (true)
            {
                var read = await control.ReadAsync(buffer, closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var data = buffer.AsMemory(0, read);
                while (!data.IsEmpty)
                {
                    data = data[decoder.Decode(data.Span, out var frame)..];
                    if (frame.Status == FrameStatus.Value && V2ServerMessageDecoder.TryDecode(frame.Utf8, out var message, out _))
                    {
                        Dispatch(message);
                    }

                    // Anything else the node sends that this client cannot read is ignored (PROTOCOL.md 4.3/4.7).
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            reason = "The connection to the node was lost.";
        }

        Close(reason);
    }

    private void Dispatch(V2.ServerMessage message)
    {
        switch (message)
        {
            case V2.TransferEvent e:
                if (transfers.TryGetValue(e.Id, out var watch))
                {
                    watch.On(e);
                }

                break;
            case V2.Reply r:
                Complete(r.Id, r);
                break;
            case V2.ErrorReply { Id: { } id } error:
                Complete(id, error);
                break;
            case V2.ErrorReply error:
                // No id: the node could not read the request; replies come in order, so it is the oldest.
                if (!pending.IsEmpty)
                {
                    Complete(pending.Keys.Min(), error);
                }

                break;
        }
    }

    private void Complete(long id, V2.ServerMessage message)
    {
        if (pending.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    private void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref closedReason, reason, null) is not null)
        {
            return;
        }

        foreach (var waiter in pending.Values)
        {
            waiter.TrySetException(new ActorFsConnectionException(reason));
        }

        foreach (var watch in transfers.Values)
        {
            watch.OnConnectionLost(reason);
        }
    }
}
