namespace ActorFs.Actors;

/// <summary>
/// The runtime side of one actor: its instance, behaviour stack, children, watchers and mailbox.
/// Split by concern: this file holds the turn and message dispatch; Children, DeathWatch, FaultHandling,
/// ReceiveTimeout and Async live in their own partial files.
/// </summary>
internal sealed partial class ActorCell : IUntypedActorContext, IMessageInvoker
{
    [ThreadStatic] private static ActorCell? _current;

    private readonly ActorSystemImpl _system;
    private ActorBase? _actor;
    private Receive? _behaviour;
    private Stack<Receive>? _behaviourStack;
    private Envelope _currentEnvelope;
    private ActorCell? _previousCell;
    private LifecycleState _state;

    public ActorCell(ActorSystemImpl system, Props props, IInternalActorRef? parent, ActorPath path, IDispatcher dispatcher)
    {
        _system = system;
        Props = props;
        ParentRef = parent;
        Self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(dispatcher);
        Mailbox.SetInvoker(this);
    }

    /// <summary>The cell whose turn is running on this thread, if any.</summary>
    internal static ActorCell? Current => _current;

    internal LocalActorRef Self { get; }

    internal IInternalActorRef? ParentRef { get; }

    internal Mailbox Mailbox { get; }

    public Props Props { get; }

    public bool IsTerminated => _state == LifecycleState.Terminated;

    internal ActorBase? Actor => _actor;

    internal ActorSystemImpl SystemImpl => _system;

    internal object? CurrentMessage => _currentEnvelope.Message;

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _currentEnvelope.Sender ?? _system.DeadLetters;

    public IActorRef Parent => ParentRef ?? (IActorRef)Nobody.Instance;

    public ActorSystem System => _system;

    public void Start() => PostSystem(new Create());

    public void Post(in Envelope envelope) => Mailbox.Post(envelope);

    public void PostSystem(SystemMessage message) => Mailbox.PostSystem(message);

    void IMessageInvoker.BeginTurn()
    {
        _previousCell = _current;
        _current = this;
    }

    void IMessageInvoker.EndTurn()
    {
        _current = _previousCell;
        _previousCell = null;
    }

    void IMessageInvoker.DeadLetter(in Envelope envelope) =>
        _system.DeadLetters.Tell(new DeadLetter(envelope.Message, envelope.Sender, Self), envelope.Sender);

    void IMessageInvoker.DeadSystemMessage(SystemMessage message) => DeadActorSystemMessages.Handle(Self, message);

    void IMessageInvoker.Invoke(in Envelope envelope)
    {
        _currentEnvelope = envelope;
        // Most actors never set a receive timeout: they skip its type test and its re-arming entirely. A handler
        // that sets one arms it itself (SetReceiveTimeout), so nothing is lost by deciding before the message.
        if (_receiveTimeout is not null || _pendingReceiveTimeout is not null)
        {
            InvokeWithReceiveTimeout(envelope.Message);
            return;
        }
        var message = envelope.Message;
        try
        {
            if (message is IAutoReceivedMessage) AutoReceiveMessage(message);
            else ReceiveMessage(message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    private void InvokeWithReceiveTimeout(object message)
    {
        var influencesTimeout = message is not INotInfluenceReceiveTimeout;
        try
        {
            if (influencesTimeout) CancelReceiveTimeout();
            if (message is IAutoReceivedMessage) AutoReceiveMessage(message);
            else ReceiveMessage(message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            if (influencesTimeout) RescheduleReceiveTimeout();
        }
    }

    void IMessageInvoker.SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case RunContinuation continuation: RunContinuation(continuation); break;
                case AsyncReceiveCompleted completed: HandleAsyncReceiveCompleted(completed); break;
                case Create: HandleCreate(); break;
                case Failed failed: HandleFailed(failed); break;
                case DeathWatchNotification notification: HandleDeathWatchNotification(notification); break;
                case Watch watch: AddWatcher(watch.Watchee, watch.Watcher); break;
                case Unwatch unwatch: RemoveWatcher(unwatch.Watchee, unwatch.Watcher); break;
                case Recreate recreate: FaultRecreate(recreate.Cause); break;
                case Suspend: FaultSuspend(); break;
                case Resume resume: FaultResume(resume.CausedByFailure); break;
                case Terminate: HandleTerminate(); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    private void ReceiveMessage(object message)
    {
        var behaviour = _behaviour ?? throw NoBehaviour();
        if (!behaviour(message)) _actor!.InvokeUnhandled(message);
    }

    private IllegalActorStateException NoBehaviour() => new($"{Self.Path} has no behaviour: it is not running.");

    private void AutoReceiveMessage(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                if (TakeQueuedTermination(terminated) is { } delivered) ReceiveMessage(delivered);
                break;
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case TimerMessage timerMessage:
                if (_timers?.Unwrap(timerMessage) is { } payload)
                {
                    if (payload is IAutoReceivedMessage) AutoReceiveMessage(payload);
                    else ReceiveMessage(payload);
                }
                break;
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    private void HandleCreate()
    {
        try
        {
            CreateActorInstance();
            _state = LifecycleState.Running;
            _actor!.AroundPreStart();
            // As in Akka, a receive timeout set in the constructor or PreStart runs from creation, not from the first message.
            RescheduleReceiveTimeout();
        }
        catch (Exception e)
        {
            throw new ActorInitializationException(Self, $"Exception during creation of {Self.Path}: {e.Message}", e);
        }
    }

    private void CreateActorInstance()
    {
        _behaviour = null;
        _behaviourStack = null;
        var actor = Props.NewActor();
        _actor = actor;
        _behaviour ??= actor.AroundReceive;
        if (actor is IWithTimers withTimers) withTimers.Timers = new TimerScheduler(this);
        if (actor is IWithUnboundedStash withStash) withStash.Stash = StashOrNew();
        ResetAsyncContext();
    }

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviour = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (_behaviour is not null)
        {
            _behaviourStack ??= new Stack<Receive>();
            _behaviourStack.Push(_behaviour);
        }
        _behaviour = receive;
    }

    public void UnbecomeStacked()
    {
        if (_behaviourStack is { Count: > 0 }) _behaviour = _behaviourStack.Pop();
    }

    internal void PublishUnhandled(object message)
    {
        _system.EventStream.Publish(new UnhandledMessage(message, _currentEnvelope.Sender, Self));
    }

    public override string ToString() => $"ActorCell({Self.Path})";

    private enum LifecycleState
    {
        Creating,
        Running,
        Terminating,
        Terminated,
    }
}
