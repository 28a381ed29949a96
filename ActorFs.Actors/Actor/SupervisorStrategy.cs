namespace ActorFs.Actors;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failing message and go on.</summary>
    Resume,

    /// <summary>Replace the instance with a new one from its Props; the failing message is dropped.</summary>
    Restart,

    /// <summary>Stop the child for good.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same cause, so its own supervisor decides.</summary>
    Escalate,
}

/// <summary>Maps a failure to a directive.</summary>
public interface IDecider
{
    Directive Decide(Exception cause);
}

/// <summary>Deciders built from functions, and Akka's default.</summary>
public static class Decider
{
    /// <summary>Stop on initialization, kill and death-pact failures; restart on anything else.</summary>
    public static readonly IDecider Default = From(DefaultDecision);

    public static IDecider From(Func<Exception, Directive> decide) => new FuncDecider(decide);

    public static Directive DefaultDecision(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    private sealed class FuncDecider(Func<Exception, Directive> decide) : IDecider
    {
        public Directive Decide(Exception cause) => decide(cause);
    }
}

/// <summary>How many times a child failed inside the current window, for retry limits.</summary>
public sealed class ChildRestartStats(IActorRef child)
{
    private int _count;
    private TimeSpan _windowStart;

    public IActorRef Child { get; } = child;

    public int FailureCount => _count;

    /// <summary>Counts one more restart; false when the limit within the window is passed.</summary>
    internal bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange, TimeSpan now)
    {
        if (maxNrOfRetries == 0) return false;
        if (withinTimeRange is not { } window) return maxNrOfRetries < 0 || ++_count <= maxNrOfRetries;
        // With a window but no count, Akka allows one restart per window.
        var retries = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        if (_count == 0 || now - _windowStart > window)
        {
            _count = 1;
            _windowStart = now;
            return true;
        }
        return ++_count <= retries;
    }
}

/// <summary>Decides what happens to children that fail. See <see cref="OneForOneStrategy"/> and <see cref="AllForOneStrategy"/>.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>One-for-one with the default decider and no retry limit, as in Akka.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(Actors.Decider.Default);

    /// <summary>Stops any child that fails.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(_ => Directive.Stop);

    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider)
    {
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>-1 means no limit; 0 means never restart (stop instead).</summary>
    public int MaxNumberOfRetries { get; }

    public TimeSpan? WithinTimeRange { get; }

    public IDecider Decider { get; }

    /// <summary>Whether failures are logged (as Akka does by default).</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>Applies the directive for <paramref name="cause"/>; false means escalate.</summary>
    internal bool HandleFailure(ActorCell supervisor, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> allChildren)
    {
        var directive = Decider.Decide(cause);
        if (LoggingEnabled && directive != Directive.Escalate) supervisor.LogChildFailure(child, cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                ActorCell.ResumeChild(child, cause);
                return true;
            case Directive.Restart:
                ProcessFailure(supervisor, restart: true, child, cause, stats, allChildren);
                return true;
            case Directive.Stop:
                ProcessFailure(supervisor, restart: false, child, cause, stats, allChildren);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Restarts or stops the failed child, or, for all-for-one, every child.</summary>
    protected internal abstract void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> allChildren);

    protected static bool MayRestart(IActorContext context, ChildRestartStats stats, int maxNrOfRetries, TimeSpan? withinTimeRange) =>
        stats.RequestRestartPermission(maxNrOfRetries, withinTimeRange, context.System.Scheduler.MonotonicClock);

    protected static void RestartChild(IActorContext context, IActorRef child, Exception cause) =>
        ActorCell.RestartChild(child, cause);
}

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, Actors.Decider.From(decider)) { }

    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    public OneForOneStrategy(IDecider decider) : this(-1, null, decider) { }

    protected internal override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> allChildren)
    {
        if (restart && MayRestart(context, stats, MaxNumberOfRetries, WithinTimeRange)) RestartChild(context, child, cause);
        else context.Stop(child);
    }
}

/// <summary>Applies the directive to every child of the supervisor when one fails.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, Actors.Decider.From(decider)) { }

    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    protected internal override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> allChildren)
    {
        if (allChildren.Count == 0) return;
        var permitted = restart && allChildren.All(s => MayRestart(context, s, MaxNumberOfRetries, WithinTimeRange));
        foreach (var sibling in allChildren)
        {
            if (permitted) RestartChild(context, sibling.Child, cause);
            else context.Stop(sibling.Child);
        }
    }
}
