using System.Collections.Immutable;

namespace ActorFs.Actors;

/// <summary>
/// Publish-subscribe by message type within one actor system: dead letters, unhandled messages and any
/// event an actor publishes. A subscriber receives every published event assignable to a type it subscribed to.
/// </summary>
public sealed class EventStream
{
    private ImmutableArray<(Type Channel, IActorRef Subscriber)> _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        var added = false;
        ImmutableInterlocked.Update(ref _subscriptions, current =>
        {
            added = !current.Contains((channel, subscriber));
            return added ? current.Add((channel, subscriber)) : current;
        });
        return added;
    }

    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        var removed = false;
        ImmutableInterlocked.Update(ref _subscriptions, current =>
        {
            var next = current.Remove((channel, subscriber));
            removed = next.Length != current.Length;
            return next;
        });
        return removed;
    }

    public void Unsubscribe(IActorRef subscriber) =>
        ImmutableInterlocked.Update(ref _subscriptions, current => current.RemoveAll(s => s.Subscriber.Equals(subscriber)));

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        List<IActorRef>? dead = null;
        foreach (var (channel, subscriber) in _subscriptions)
        {
            if (!channel.IsInstanceOfType(@event)) continue;
            // A dead subscriber would turn the event into a dead letter, published here again, forever.
            if (subscriber is IInternalActorRef { IsTerminated: true })
            {
                (dead ??= []).Add(subscriber);
                continue;
            }
            subscriber.Tell(@event, null);
        }
        if (dead is not null) foreach (var subscriber in dead) Unsubscribe(subscriber);
    }
}
