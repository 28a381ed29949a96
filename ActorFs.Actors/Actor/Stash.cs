namespace ActorFs.Actors;

/// <summary>Implemented by actors that stash; the kernel sets <see cref="Stash"/> before PreStart.</summary>
public interface IWithUnboundedStash
{
    IStash Stash { get; set; }
}

/// <summary>
/// Sets messages aside to process later. Unstashed messages go to the front of the mailbox, ahead of
/// everything already queued, in the order they were stashed. Stashed messages survive a restart: they are
/// returned to the mailbox before the new instance starts. When the actor stops they become dead letters.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being processed; stashing the same message twice is an error.</summary>
    void Stash();

    void Unstash();

    void UnstashAll();

    void UnstashAll(Func<Envelope, bool> predicate);

    IEnumerable<Envelope> ClearStash();

    int Count { get; }
}

internal sealed partial class ActorCell
{
    private UnboundedStash? _stash;

    private UnboundedStash StashOrNew() => _stash ??= new UnboundedStash(this);

    private void ReturnStashToMailbox() => _stash?.UnstashAll();

    private void DeadLetterStash()
    {
        if (_stash is null) return;
        foreach (var envelope in _stash.ClearStash()) ((IMessageInvoker)this).DeadLetter(envelope);
        _stash = null;
    }

    internal Envelope CurrentEnvelope => _currentEnvelope;
}

internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    private readonly LinkedList<Envelope> _stashed = new();

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null) throw new IllegalActorStateException("There is no message being processed to stash.");
        if (_stashed.Last is { } last && ReferenceEquals(last.Value.Message, current.Message) && ReferenceEquals(last.Value.Sender, current.Sender))
        {
            throw new IllegalActorStateException($"Can't stash the same message {current.Message} more than once.");
        }
        _stashed.AddLast(current);
    }

    public void Unstash()
    {
        if (_stashed.First is not { } first) return;
        _stashed.RemoveFirst();
        cell.Mailbox.Prepend([first.Value]);
    }

    public void UnstashAll() => UnstashAll(static _ => true);

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        if (_stashed.Count == 0) return;
        var selected = _stashed.Where(predicate).ToArray();
        var kept = _stashed.Where(e => !predicate(e)).ToArray();
        _stashed.Clear();
        foreach (var e in kept) _stashed.AddLast(e);
        cell.Mailbox.Prepend(selected);
    }

    public IEnumerable<Envelope> ClearStash()
    {
        var all = _stashed.ToArray();
        _stashed.Clear();
        return all;
    }
}
