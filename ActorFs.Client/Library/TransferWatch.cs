using ActorFs.Messages;

namespace ActorFs.Client;

/// <summary>
/// Collects the events the node pushes about one transfer (keyed by the get/put request id): the
/// last progress, and the one terminal event (verified or failed).
/// </summary>
internal sealed class TransferWatch
{
    private readonly TaskCompletionSource<V2.TransferEvent> terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the transfer's <c>verified</c> or <c>failed</c> event; fails when the session is lost.</summary>
    public Task<V2.TransferEvent> Terminal => terminal.Task;

    /// <summary>The bytes the node last reported.</summary>
    public long NodeBytes { get; private set; }

    public void On(V2.TransferEvent e)
    {
        switch (e)
        {
            case V2.Events.Progress p:
                NodeBytes = p.Bytes;
                break;
            case V2.Events.Verified or V2.Events.Failed:
                terminal.TrySetResult(e);
                break;
        }
    }

    public void OnConnectionLost(string reason) => terminal.TrySetException(new ActorFsConnectionException(reason));
}
