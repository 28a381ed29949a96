namespace ActorFs.Node.Accounts;

/// <summary>What a new password must be: not empty, at most <see cref="MaxLength"/> characters. Nothing else is imposed.</summary>
internal static class PasswordRules
{
    /// <summary>Longest password accepted; far beyond any passphrase, short enough that hashing it costs nothing extra.</summary>
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="password"/> may be set, otherwise why not (never echoing it).</summary>
    public static string? Check(string? password) => password switch
    {
        null or "" => "The password is empty.",
        { Length: > MaxLength } => $"The password is longer than {MaxLength} characters.",
        _ => null,
    };

    /// <summary>Returns <paramref name="password"/> when <see cref="Check"/> accepts it; otherwise throws with <see cref="AccountError.InvalidValue"/>.</summary>
    public static string Validate(string? password) =>
        Check(password) is { } why ? throw new AccountException(AccountError.InvalidValue, why) : password!;
}
