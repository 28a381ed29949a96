using ActorFs.Actors;
using ActorFs.Node.Access;
using ActorFs.Node.Commands;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Sessions;

/// <summary>
/// What every session of a node shares: settings, storage, the token registry, where transfers connect, and the
/// accounts (<see cref="NodeAccess.WithoutAccounts"/> when <paramref name="Access"/> is null).
/// </summary>
internal sealed record SessionEnvironment(
    NodeSettings Settings,
    IFileStore Store,
    IActorRef Tokens,
    CommandSettings Commands,
    string? AdvertisedHost,
    int TransferPort,
    TransferTracker Transfers,
    NodeAccess? Access = null)
{
    public NodeAccess Accounts { get; } = Access ?? NodeAccess.WithoutAccounts();
}

/// <summary>Counts the node's running transfers, so shutdown can wait for them to finish (up to its grace period).</summary>
internal sealed class TransferTracker
{
    private readonly Lock _lock = new();
    private int _running;
    private TaskCompletionSource? _idle;

    public int Running
    {
        get
        {
            lock (_lock) return _running;
        }
    }

    public void Started()
    {
        lock (_lock) _running++;
    }

    public void Ended()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (_running > 0) _running--;
            if (_running == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }
        idle?.TrySetResult();
    }

    /// <summary>Completes when no transfer is running.</summary>
    public Task WhenIdle()
    {
        lock (_lock)
        {
            if (_running == 0) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }
}
