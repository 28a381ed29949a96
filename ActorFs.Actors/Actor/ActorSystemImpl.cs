namespace ActorFs.Actors;

/// <summary>The kernel's actor system: builds the guardians, owns the scheduler and runs termination.</summary>
internal sealed class ActorSystemImpl : ActorSystem
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _rootCell;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly DeadLetterActorRef _deadLetters;

    public ActorSystemImpl(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Logger = (settings.Logger ?? Serilog.Log.Logger).ForContext("ActorSystem", name);
        Log = new SerilogLoggingAdapter(Logger);
        Scheduler = settings.SchedulerFactory?.Invoke() ?? new DefaultScheduler();
        EventStream = new EventStream();
        Dispatchers = new Dispatchers(settings.Dispatchers, settings.Throughput);
        var rootPath = ActorPath.Root(name);
        _deadLetters = new DeadLetterActorRef(rootPath.Child("deadLetters"), EventStream);

        var bubbleWalker = new RootSupervisor(this, rootPath.Child("bubble-walker"));
        _rootCell = new ActorCell(this, Props.Create(() => new RootGuardian()), bubbleWalker, rootPath, Dispatchers.DefaultDispatcher);
        _userGuardian = ((LocalActorRef)_rootCell.ActorOf(Props.Create(() => new GuardianActor()), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_rootCell.ActorOf(Props.Create(() => new GuardianActor()), "system")).Cell;
        _rootCell.Start();

        _systemGuardian.ActorOf(Props.Create(() => new DeadLetterListener(settings.LogDeadLetters, settings.LogDeadLettersDuringShutdown)), "deadLetterListener");
        CoordinatedShutdown.Get(this).AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "terminate-system", FinalTerminate);
    }

    public override string Name { get; }

    public override ActorSystemSettings Settings { get; }

    public override IScheduler Scheduler { get; }

    public override EventStream EventStream { get; }

    public override IActorRef DeadLetters => _deadLetters;

    public override ILoggingAdapter Log { get; }

    internal Serilog.ILogger Logger { get; }

    internal Dispatchers Dispatchers { get; }

    internal bool IsTerminating { get; private set; }

    public override Task WhenTerminated => _terminated.Task;

    internal IActorRef UserGuardian => _userGuardian.Self;

    internal IActorRef SystemGuardian => _systemGuardian.Self;

    public override IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>For the kernel's own actors (under <c>/system</c>).</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    public override void Stop(IActorRef actor)
    {
        if (actor is IInternalActorRef target) target.Stop();
    }

    public override Task Terminate()
    {
        if (Settings.CoordinatedShutdown.RunByActorSystemTerminate)
        {
            _ = CoordinatedShutdown.Get(this).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);
        }
        else
        {
            _ = FinalTerminate();
        }
        return WhenTerminated;
    }

    /// <summary>Stops /user, then /system, then the root; completes when the root has stopped.</summary>
    private async Task<Done> FinalTerminate()
    {
        IsTerminating = true;
        _userGuardian.Self.Stop();
        await WhenTerminated.ConfigureAwait(false);
        return Done.Instance;
    }

    private void OnRootTerminated()
    {
        IsTerminating = true;
        (Scheduler as IDisposable)?.Dispose();
        _terminated.TrySetResult();
    }

    /// <summary>The root guardian's supervisor: a failing root stops, and the root's death ends the system.</summary>
    private sealed class RootSupervisor(ActorSystemImpl system, ActorPath path) : ActorRefBase, IInternalActorRef
    {
        public override ActorPath Path { get; } = path;

        public IInternalActorRef? Parent => null;

        public bool IsTerminated => system._terminated.Task.IsCompleted;

        public override void Tell(object message, IActorRef? sender) { }

        public void SendSystemMessage(SystemMessage message)
        {
            switch (message)
            {
                case Failed failed:
                    system.Logger.Error(failed.Cause, "The root guardian failed; the actor system stops");
                    ((IInternalActorRef)failed.Child).Stop();
                    break;
                case DeathWatchNotification:
                    system.OnRootTerminated();
                    break;
            }
        }

        public void Stop() { }
    }
}

/// <summary>The guardians <c>/user</c> and <c>/system</c>: parents that only supervise.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}

/// <summary>The root guardian: when <c>/user</c> stops (shutdown, or a failure escalated to it) it stops <c>/system</c>, then itself.</summary>
internal sealed class RootGuardian : ActorBase
{
    protected override void PreStart()
    {
        Context.Watch(Context.Child("user"));
        Context.Watch(Context.Child("system"));
    }

    protected override bool Receive(object message)
    {
        if (message is not Terminated terminated) return false;
        if (terminated.ActorRef.Path.Name == "user") Context.Stop(Context.Child("system"));
        else Context.Stop(Self);
        return true;
    }

    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}

/// <summary>Logs the first N dead letters, then says that it stops logging them.</summary>
internal sealed class DeadLetterListener(int maxCount, bool logDuringShutdown) : ActorBase
{
    private int _count;

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    protected override bool Receive(object message)
    {
        if (message is not DeadLetter letter) return false;
        var system = (ActorSystemImpl)Context.System;
        if (_count >= maxCount || letter.Message is IDeadLetterSuppression || (system.IsTerminating && !logDuringShutdown)) return true;
        _count++;
        system.Logger.Information(
            "Message [{MessageType}] from {Sender} to {Recipient} was not delivered. [{Count}] dead letters encountered{Suffix}",
            letter.Message.GetType().Name, letter.Sender?.Path.ToString() ?? "NoSender", letter.Recipient.Path.ToString(), _count,
            _count == maxCount ? ", no more dead letters will be logged" : "");
        return true;
    }
}
