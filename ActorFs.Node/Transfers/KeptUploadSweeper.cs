using ActorFs.Actors;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Transfers;

/// <summary>
/// Deletes kept (interrupted, resumable) uploads whose last byte is older than the retention, on a periodic timer
/// of the actor system's scheduler, so virtual time drives it under test. A kept upload therefore lives at least
/// the retention and at most one interval longer. The start-up sweep (NodeLauncher) covers the time the node was down.
/// </summary>
internal sealed class KeptUploadSweeper : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep";
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    private readonly IFileStore _store;
    private readonly TimeSpan _keep;
    private ILoggingAdapter _log = null!;

    public KeptUploadSweeper(IFileStore store, TimeSpan keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero);
        _store = store;
        _keep = keep;
        Receive<Sweep>(_ => OnSweep());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IFileStore store, TimeSpan keep) => ActorFs.Actors.Props.Create(() => new KeptUploadSweeper(store, keep));

    /// <summary>How often to sweep for a retention of <paramref name="keep"/>: a quarter of it, at most an hour.</summary>
    public static TimeSpan IntervalFor(TimeSpan keep) => keep / 4 < MaxInterval ? keep / 4 : MaxInterval;

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        Timers.StartPeriodicTimer(SweepTimer, Sweep.Instance, IntervalFor(_keep));
    }

    private void OnSweep()
    {
        try
        {
            var swept = _store.SweepKeptUploads(Context.System.Scheduler.Now.UtcDateTime - _keep);
            if (swept > 0) _log.Info("Deleted {Count} interrupted uploads kept longer than {Keep}", swept, _keep);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
        {
            _log.Warning(e, "Could not sweep the kept uploads; trying again in {Interval}", IntervalFor(_keep));
        }
    }

    /// <summary>The timer's tick; also sent by specs.</summary>
    public sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
