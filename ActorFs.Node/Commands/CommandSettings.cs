using ActorFs.Messages;

namespace ActorFs.Node.Commands;

/// <summary>
/// What command processing needs to know about the node, bound once from the node's settings.
/// </summary>
/// <param name="NodeName">The node's name, shown in the v2 hello reply.</param>
/// <param name="ServerVersion">Software and version for the hello reply, e.g. <c>ActorFs/0.1.0</c>.</param>
/// <param name="MaxFrameBytes">The request frame limit the session's decoder enforces (reported by hello).</param>
/// <param name="ListPageSize">Entries per v2 <c>ls</c> page when the request names no limit (1 to <see cref="V2.MaxListLimit"/>).</param>
/// <param name="LegacyReplyLimit">The most bytes one legacy reply may have (the Python client reads once, 4096 bytes).</param>
/// <param name="Features">Optional v2 capabilities the node offers (hello's <c>features</c>).</param>
internal sealed record CommandSettings(
    string NodeName,
    string ServerVersion,
    int MaxFrameBytes = 64 * 1024,
    int ListPageSize = V2.MaxListLimit,
    int LegacyReplyLimit = Legacy.MaxReplyBytes,
    IReadOnlyList<string>? Features = null)
{
    private static readonly IReadOnlyList<string> DefaultFeatures = ["overwrite"];

    /// <summary>The features hello lists: <see cref="Features"/>, or <c>["overwrite"]</c> when none were given.</summary>
    public IReadOnlyList<string> FeatureList => Features ?? DefaultFeatures;
}
