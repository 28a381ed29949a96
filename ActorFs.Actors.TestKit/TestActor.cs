using System.Collections.Concurrent;

namespace ActorFs.Actors.TestKit;

/// <summary>The actor behind a test kit or probe: it queues every message it receives for the test to inspect.</summary>
internal sealed class TestActor(BlockingCollection<Envelope> queue) : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchCommand watch:
                Context.Watch(watch.Target);
                break;
            case UnwatchCommand unwatch:
                Context.Unwatch(unwatch.Target);
                break;
            default:
                queue.Add(new Envelope(message, Sender));
                break;
        }
        return true;
    }

    internal sealed record WatchCommand(IActorRef Target);

    internal sealed record UnwatchCommand(IActorRef Target);
}
