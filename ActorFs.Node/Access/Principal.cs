namespace ActorFs.Node.Access;

/// <summary>Who a session acts for: a signed-in user, or nobody (an anonymous session).</summary>
/// <param name="User">The account name; null when anonymous.</param>
/// <param name="TokenHash">The SHA-256 of the session token this sign-in issued or resumed (what logout revokes); never the token.</param>
internal sealed record Principal(string? User, string? TokenHash = null)
{
    public static Principal Anonymous { get; } = new((string?)null);

    public bool IsAnonymous => User is null;

    public override string ToString() => User ?? "anonymous";
}
