namespace ActorFs.Actors.TestKit;

/// <summary>Receiving several messages: fishing, collecting while a filter matches, receiving N.</summary>
public abstract partial class TestKitBase
{
    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null) => FishForMessage<object>(isMessage, max);

    /// <summary>Skips messages until one of type <typeparamref name="T"/> satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(max);
        while (true)
        {
            var left = end - DateTimeOffset.UtcNow;
            if (TryReceive(left) is not { } envelope)
            {
                Fail($"Timeout while fishing for a message of type {typeof(T).Name}.");
                return default!;
            }
            if (envelope.Message is T typed && isMessage(typed)) return typed;
        }
    }

    /// <summary>
    /// Collects messages while <paramref name="filter"/> maps them to a value (non-null), up to <paramref name="msgs"/>
    /// messages, the overall <paramref name="max"/>, or <paramref name="idle"/> without a message. The first message
    /// the filter rejects stays the last one received and is not returned.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int msgs = int.MaxValue) where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(max);
        var collected = new List<T>();
        while (collected.Count < msgs)
        {
            var left = end - DateTimeOffset.UtcNow;
            if (idle is { } i && i < left) left = i;
            if (left <= TimeSpan.Zero || TryReceive(left) is not { } envelope) break;
            if (filter(envelope.Message) is not { } value) break;
            collected.Add(value);
        }
        return collected;
    }

    /// <summary>Receives exactly <paramref name="count"/> messages within the duration.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(max);
        var received = new List<object>(count);
        for (var i = 0; i < count; i++)
        {
            if (TryReceive(end - DateTimeOffset.UtcNow) is not { } envelope)
            {
                Fail($"Timeout after receiving {i} of {count} messages.");
                break;
            }
            received.Add(envelope.Message);
        }
        return received;
    }
}
