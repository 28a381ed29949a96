using System.Collections.Concurrent;

namespace ActorFs.Actors;

/// <summary>The cell as its mailbox sees it: something that processes one message at a time.</summary>
internal interface IMessageInvoker
{
    void BeginTurn();

    void EndTurn();

    void SystemInvoke(SystemMessage message);

    void Invoke(in Envelope envelope);

    /// <summary>A user message that arrived after the mailbox closed.</summary>
    void DeadLetter(in Envelope envelope);

    /// <summary>A system message that arrived after the mailbox closed.</summary>
    void DeadSystemMessage(SystemMessage message);
}

/// <summary>Where a mailbox runs its turns.</summary>
internal interface IDispatcher
{
    int Throughput { get; }

    void Schedule(IThreadPoolWorkItem mailbox);
}

/// <summary>
/// Two queues (system messages first, then user messages) and one status word. The status word holds
/// Closed and Scheduled flags and a suspension count; it changes only by interlocked operations, which is
/// what guarantees one turn at a time without locks. A turn drains system messages, then up to
/// <see cref="IDispatcher.Throughput"/> user messages, then reschedules itself if more are waiting.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int ClosedFlag = 1;
    private const int ScheduledFlag = 2;
    private const int SuspendUnit = 4;

    private readonly IDispatcher _dispatcher;
    private IMessageInvoker _invoker = null!;
    private int _status;
    private SystemMessage? _systemStack;
    private ConcurrentQueue<Envelope>? _userQueue;
    private Queue<Envelope>? _front;

    public Mailbox(IDispatcher dispatcher) => _dispatcher = dispatcher;

    public void SetInvoker(IMessageInvoker invoker) => _invoker = invoker;

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedFlag) != 0;

    public bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    private bool HasUserMessages => (_front is { Count: > 0 }) || (_userQueue is { IsEmpty: false });

    private bool HasSystemMessages => Volatile.Read(ref _systemStack) is not null;

    public void Post(in Envelope envelope)
    {
        var queue = _userQueue ?? CreateUserQueue();
        queue.Enqueue(envelope);
        // One read of the status word decides: closed (dead letters), already scheduled (done: the running or
        // queued turn will see the message), or idle (schedule, one compare-exchange).
        var status = Volatile.Read(ref _status);
        if ((status & ScheduledFlag) != 0) return;
        if ((status & ClosedFlag) != 0)
        {
            // Any thread may get here: drain only the concurrent queue. The front queue (unstashed messages)
            // is not thread-safe and is drained by Close, inside the turn.
            while (queue.TryDequeue(out var late)) _invoker.DeadLetter(late);
            return;
        }
        TrySchedule(hasUserHint: true, hasSystemHint: false);
    }

    public void PostSystem(SystemMessage message)
    {
        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemStack);
            message.Next = head;
        }
        while (Interlocked.CompareExchange(ref _systemStack, message, head) != head);
        if (IsClosed)
        {
            DrainSystemMessagesAfterClose();
            return;
        }
        TrySchedule(hasUserHint: false, hasSystemHint: true);
    }

    /// <summary>Puts messages in front of everything queued; only from inside this mailbox's own turn (unstash).</summary>
    public void Prepend(IEnumerable<Envelope> envelopes)
    {
        var rest = _front is { Count: > 0 } ? _front.ToArray() : [];
        _front ??= new Queue<Envelope>();
        _front.Clear();
        foreach (var e in envelopes) _front.Enqueue(e);
        foreach (var e in rest) _front.Enqueue(e);
    }

    public void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    public void Resume()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _status);
            if (current < SuspendUnit) return;
        }
        while (Interlocked.CompareExchange(ref _status, current - SuspendUnit, current) != current);
        TrySchedule(hasUserHint: false, hasSystemHint: false);
    }

    /// <summary>Closes for good: queued user messages become dead letters, queued system messages get after-death handling.</summary>
    public void Close()
    {
        Interlocked.Or(ref _status, ClosedFlag);
        DrainSystemMessagesAfterClose();
        DrainToDeadLetters();
    }

    private void DrainSystemMessagesAfterClose()
    {
        for (var message = TakeSystemMessages(); message is not null;)
        {
            var next = message.Next;
            message.Next = null;
            _invoker.DeadSystemMessage(message);
            message = next;
        }
    }

    /// <summary>Turns every queued user message into a dead letter; only from inside this mailbox's own turn.</summary>
    private void DrainToDeadLetters()
    {
        while (TryDequeue(out var envelope)) _invoker.DeadLetter(envelope);
    }

    void IThreadPoolWorkItem.Execute()
    {
        _invoker.BeginTurn();
        try
        {
            if (!IsClosed)
            {
                if (HasSystemMessages) ProcessSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            _invoker.EndTurn();
            // While Scheduled is set only this turn changes the status word (suspend, resume and close all run
            // inside the turn), so when it is still exactly Scheduled and mail is waiting the next turn is queued
            // without giving up the flag: no interlocked operation at all between turns of a busy mailbox.
            if (_status == ScheduledFlag && (HasSystemMessages || HasUserMessages))
            {
                _dispatcher.Schedule(this);
            }
            else
            {
                Interlocked.And(ref _status, ~ScheduledFlag);
                TrySchedule(hasUserHint: false, hasSystemHint: false);
            }
        }
    }

    private void ProcessUserMessages()
    {
        var invoker = _invoker;
        var left = _dispatcher.Throughput;
        // The status word is only changed by this turn while it runs (a handler may suspend or close), and a
        // system message is taken as soon as it is seen, between two user messages.
        while (left-- > 0 && _status == ScheduledFlag && TryDequeue(out var envelope))
        {
            invoker.Invoke(envelope);
            if (HasSystemMessages) ProcessSystemMessages();
        }
    }

    private void ProcessSystemMessages()
    {
        while (!IsClosed)
        {
            var message = TakeSystemMessages();
            if (message is null) return;
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                _invoker.SystemInvoke(message);
                message = next;
            }
        }
    }

    /// <summary>Takes the whole system stack at once and returns it oldest first.</summary>
    private SystemMessage? TakeSystemMessages()
    {
        if (Volatile.Read(ref _systemStack) is null) return null;
        var stack = Interlocked.Exchange(ref _systemStack, null);
        SystemMessage? reversed = null;
        while (stack is not null)
        {
            var next = stack.Next;
            stack.Next = reversed;
            reversed = stack;
            stack = next;
        }
        return reversed;
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.Dequeue();
            return true;
        }
        if (_userQueue is { } queue) return queue.TryDequeue(out envelope);
        envelope = default;
        return false;
    }

    private void TrySchedule(bool hasUserHint, bool hasSystemHint)
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if ((status & (ClosedFlag | ScheduledFlag)) != 0) return;
            var suspended = status >= SuspendUnit;
            var worthRunning = hasSystemHint || HasSystemMessages || (!suspended && (hasUserHint || HasUserMessages));
            if (!worthRunning) return;
            if (Interlocked.CompareExchange(ref _status, status | ScheduledFlag, status) == status)
            {
                _dispatcher.Schedule(this);
                return;
            }
        }
    }

    private ConcurrentQueue<Envelope> CreateUserQueue()
    {
        Interlocked.CompareExchange(ref _userQueue, new ConcurrentQueue<Envelope>(), null);
        return _userQueue;
    }
}
