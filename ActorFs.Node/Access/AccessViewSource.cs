namespace ActorFs.Node.Access;

/// <summary>
/// Where the current <see cref="AccessView"/> is published: written by the accounts actor only, read by
/// every session and transfer. Publishing swaps one reference, so readers never see half a change.
/// </summary>
internal sealed class AccessViewSource(AccessView initial)
{
    private volatile AccessView _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public AccessView Current => _current;

    public void Publish(AccessView view) => _current = view ?? throw new ArgumentNullException(nameof(view));
}
