namespace ActorFs.Actors.TestKit;

/// <summary>Expectations on single messages.</summary>
public abstract partial class TestKitBase
{
    /// <summary>Expects a message of type <typeparamref name="T"/> within the duration and returns it.</summary>
    public T ExpectMsg<T>(TimeSpan? duration = null) => ExpectMsg<T>(static _ => true, duration, hint: null);

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? duration = null) where T : notnull =>
        ExpectMsg<T>(m => Equals(m, expected), duration, $"equal to {expected}");

    /// <summary>Expects a message of type <typeparamref name="T"/> that satisfies <paramref name="isMessage"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> isMessage, TimeSpan? duration = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var timeout = RemainingOrDilated(duration);
        var envelope = TryReceive(timeout);
        if (envelope is not { } received)
        {
            Fail($"Timeout ({timeout.TotalMilliseconds:0} ms) while waiting for a message of type {typeof(T).Name}{Describe(hint)}.");
            return default!;
        }
        if (received.Message is not T typed)
        {
            Fail($"Expected a message of type {typeof(T).Name}{Describe(hint)}, but received {Show(received)}.");
            return default!;
        }
        if (!isMessage(typed)) Fail($"Received {Show(received)}, which does not satisfy the expectation{Describe(hint)}.");
        return typed;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/> and runs assertions on it.</summary>
    public T ExpectMsg<T>(Action<T> assert, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(assert);
        var message = ExpectMsg<T>(duration);
        assert(message);
        return message;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/> sent by <paramref name="sender"/>.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? duration = null)
    {
        var message = ExpectMsg<T>(duration);
        if (!LastSender.Equals(sender)) Fail($"Expected {typeof(T).Name} from {sender.Path}, but it came from {LastSender.Path}.");
        return message;
    }

    /// <summary>Asserts that no message arrives within the duration (a short default when none is given).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = duration ?? (_end is { } end ? end - DateTimeOffset.UtcNow : NoMessageDefault);
        if (TryReceive(wait) is { } received) Fail($"Expected no message within {wait.TotalMilliseconds:0} ms, but received {Show(received)}.");
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched actor (see <see cref="Watch"/>).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? duration = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), duration, $"for {target.Path}");

    /// <summary>Expects these messages in any order, and nothing else in between.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(TimeSpan? duration, params T[] expected) where T : notnull
    {
        var timeoutEnd = DateTimeOffset.UtcNow + RemainingOrDilated(duration);
        var missing = expected.ToList();
        var received = new List<T>();
        while (missing.Count > 0)
        {
            var message = ExpectMsg<T>(timeoutEnd - DateTimeOffset.UtcNow);
            if (!missing.Remove(message)) Fail($"Received unexpected {message}; still missing: {string.Join(", ", missing)}.");
            received.Add(message);
        }
        return received;
    }

    private static string Describe(string? hint) => hint is null ? "" : $" ({hint})";

    private static string Show(Envelope envelope) =>
        $"{envelope.Message.GetType().Name} <{envelope.Message}> from {envelope.Sender?.Path.ToString() ?? "NoSender"}";
}
