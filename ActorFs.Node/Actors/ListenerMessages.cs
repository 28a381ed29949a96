using System.Net;

namespace ActorFs.Node.Actors;

/// <summary>Which of the node's two ports a listener serves.</summary>
internal enum ListenerRole
{
    Control,
    Transfer,
}

/// <summary>A listener is accepting connections on <see cref="LocalAddress"/> (with the actual port when 0 was asked).</summary>
internal sealed record ListenerBound(ListenerRole Role, EndPoint LocalAddress);

/// <summary>A listener could not bind its port (in use, no permission, bad address).</summary>
internal sealed record ListenerBindFailed(ListenerRole Role, EndPoint Endpoint, Exception? Cause);

/// <summary>Asks a listener to stop accepting (shutdown's service-unbind phase).</summary>
internal sealed class UnbindListener
{
    public static readonly UnbindListener Instance = new();
}

/// <summary>A listener stopped accepting.</summary>
internal sealed record ListenerUnbound(ListenerRole Role);
