using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// A session's command processing, one instance per session: takes each complete frame from the session's
/// <see cref="JsonFrameDecoder"/> and decides the reply (or the transfer to start). Legacy until a valid v2
/// <c>hello</c> (an object with <c>"command": "hello"</c> and a <c>protocol</c> key), then v2 for good.
/// Pure async code over <see cref="IFileStore"/>: no actors, no sockets. Not thread-safe: the Session actor
/// calls it one frame at a time.
/// </summary>
internal sealed class SessionCommands
{
    private readonly SessionState _state;
    private readonly LegacyCommands _legacy;
    private readonly V2Commands _v2;

    /// <param name="store">The node's store; the commands see it through the session principal's access checks.</param>
    /// <param name="settings">The node's command settings.</param>
    /// <param name="state">This session's state.</param>
    /// <param name="access">The node's accounts; null for a node without an account store (anonymous sessions get everything).</param>
    public SessionCommands(IFileStore store, CommandSettings settings, SessionState state, NodeAccess? access = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        access ??= NodeAccess.WithoutAccounts();
        var guarded = new GuardedFileStore(store, access, () => state.Principal);
        _legacy = new LegacyCommands(guarded, settings, state, access);
        _v2 = new V2Commands(guarded, settings, state, access);
    }

    /// <summary>The session state these commands read and change.</summary>
    public SessionState State => _state;

    /// <summary>The outcome of one complete frame (<see cref="FrameStatus.Value"/>).</summary>
    public ValueTask<CommandOutcome> HandleFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (_state.Mode == ProtocolMode.V2)
        {
            return V2RequestDecoder.TryDecode(frame.Span, out var request, out var error)
                ? _v2.HandleAsync(request, cancellationToken)
                : ValueTask.FromResult<CommandOutcome>(V2Commands.Reply(error));
        }

        if (V2RequestDecoder.IsHello(frame.Span))
        {
            return ValueTask.FromResult<CommandOutcome>(SwitchToV2(frame.Span));
        }

        return LegacyCodec.TryParseRequest(frame.Span, out var legacy)
            ? _legacy.HandleAsync(legacy, cancellationToken)
            : ValueTask.FromResult<CommandOutcome>(LegacyCommands.InvalidFormat());
    }

    /// <summary>The reply for a frame the decoder refused (too large or malformed); the session goes on.</summary>
    public CommandOutcome HandleBadFrame(FrameStatus status, FrameError error) => _state.Mode == ProtocolMode.V2
        ? V2Commands.Reply(V2RequestDecoder.ForRefusedFrame(status, error))
        : LegacyCommands.InvalidFormat();

    // A hello in a legacy session is answered in v2 either way; only a valid one switches the session.
    private CommandOutcome.Reply SwitchToV2(ReadOnlySpan<byte> frame)
    {
        if (!V2RequestDecoder.TryDecode(frame, out var request, out var error))
        {
            return V2Commands.Reply(error);
        }

        _state.Mode = ProtocolMode.V2;
        return V2Commands.Reply(_v2.HelloReply(request.Id));
    }
}
