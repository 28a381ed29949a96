using System.Runtime.ExceptionServices;
using Serilog.Events;

namespace ActorFs.Actors;

/// <summary>
/// Failure, suspension, restart and termination. A failure suspends the actor and its children and reports
/// to the parent, whose strategy answers with Resume, Recreate or Terminate (or escalates by failing itself).
/// Restart and stop wait for the children being stopped before they finish.
/// </summary>
internal sealed partial class ActorCell
{
    private Exception? _failure;
    private Exception? _recreateCause;

    internal void HandleInvokeFailure(Exception cause)
    {
        if (_state is LifecycleState.Terminating or LifecycleState.Terminated || _failure is not null)
        {
            _system.Logger.Error(cause, "{ActorPath} failed while {State}; the failure is logged and ignored", Self.Path.ToString(),
                _failure is null ? "stopping" : "awaiting its supervisor's decision");
            return;
        }
        _failure = cause;
        Mailbox.Suspend();
        SuspendChildren();
        (ParentRef ?? throw new InvalidOperationException("An actor without a parent failed.", cause))
            .SendSystemMessage(new Failed(Self, cause, Self.Path.Uid));
    }

    private void HandleFailed(Failed failed)
    {
        if (!TryGetChildStats(failed.Child, out var stats) || IsStopping(failed.Child)) return;
        var strategy = Props.SupervisorStrategy ?? _actor?.SupervisorStrategyInternal ?? SupervisorStrategy.DefaultStrategy;
        if (!strategy.HandleFailure(this, failed.Child, failed.Cause, stats, ChildStatsSnapshot()))
        {
            ExceptionDispatchInfo.Capture(failed.Cause).Throw();
        }
    }

    internal static void RestartChild(IActorRef child, Exception cause) => ((IInternalActorRef)child).SendSystemMessage(new Recreate(cause));

    internal static void ResumeChild(IActorRef child, Exception cause) => ((IInternalActorRef)child).SendSystemMessage(new Resume(cause));

    internal void LogChildFailure(IActorRef child, Exception cause, Directive directive)
    {
        var level = directive == Directive.Resume ? LogEventLevel.Warning : LogEventLevel.Error;
        _system.Logger.ForContext("ActorPath", child.Path.ToString())
            .Write(level, cause, "{Child} failed ({Directive}): {Reason}", child.Path.ToString(), directive, cause.Message);
    }

    private void SuspendChildren()
    {
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(new Suspend());
    }

    private void ResumeChildren()
    {
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(new Resume(null));
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        SuspendChildren();
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_state is LifecycleState.Terminating or LifecycleState.Terminated) return;
        if (causedByFailure is not null && _actor is null)
        {
            // Resuming an actor whose creation failed means creating it again.
            FinishRecreate(causedByFailure);
            return;
        }
        if (causedByFailure is not null) _failure = null;
        Mailbox.Resume();
        ResumeChildren();
    }

    private void FaultRecreate(Exception cause)
    {
        if (_state is LifecycleState.Terminating or LifecycleState.Terminated) return;
        var failedActor = _actor;
        if (failedActor is not null)
        {
            AbandonAsyncReceive();
            ReturnStashToMailbox();
            CancelTimers();
            ClearReceiveTimeout();
            try
            {
                failedActor.AroundPreRestart(cause, _currentEnvelope.Message);
            }
            catch (Exception e)
            {
                _system.Logger.Error(e, "{ActorPath} threw in PreRestart", Self.Path.ToString());
            }
            _actor = null;
            _behaviour = null;
            _behaviourStack = null;
        }
        if (HasStoppingChildren) _recreateCause = cause;
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _recreateCause = null;
        _failure = null;
        var survivors = GetChildren().ToArray();
        Mailbox.Resume();
        try
        {
            CreateActorInstance();
            _state = LifecycleState.Running;
            _actor!.AroundPostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException(Self, $"Exception during restart of {Self.Path}: {e.Message}", e));
            return;
        }
        foreach (var child in survivors) RestartChild(child, cause);
    }

    private void HandleTerminate()
    {
        lock (ChildrenSync)
        {
            if (_state is LifecycleState.Terminating or LifecycleState.Terminated) return;
            _state = LifecycleState.Terminating;
        }
        ClearReceiveTimeout();
        Mailbox.Suspend();
        if (HasChildren) StopAllChildren();
        else FinishTerminate();
    }

    private void HandleChildTerminated(IActorRef child)
    {
        var noneStopping = RemoveChild(child, out _);
        if (_state == LifecycleState.Terminating)
        {
            if (!HasChildren) FinishTerminate();
        }
        else if (_recreateCause is { } cause && noneStopping)
        {
            FinishRecreate(cause);
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        try
        {
            AbandonAsyncReceive();
            CancelTimers();
            actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            _system.Logger.Error(e, "{ActorPath} threw in PostStop", Self.Path.ToString());
        }
        finally
        {
            lock (ChildrenSync) _state = LifecycleState.Terminated;
            Mailbox.Close();
            TellWatchersWeDied();
            UnwatchWatchedActors();
            _actor = null;
            _behaviour = null;
            _behaviourStack = null;
            DeadLetterStash();
        }
    }
}
