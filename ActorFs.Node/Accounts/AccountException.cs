namespace ActorFs.Node.Accounts;

/// <summary>Why an account operation was refused; callers map each kind to an exit code or a status code.</summary>
internal enum AccountError
{
    /// <summary>The user name breaks the naming rule (<see cref="UserNames"/>).</summary>
    InvalidName,

    /// <summary>A password, size, count or path that cannot be stored.</summary>
    InvalidValue,

    /// <summary>A user of that name exists already.</summary>
    UserExists,

    /// <summary>No user of that name exists.</summary>
    UnknownUser,
}

/// <summary>An account operation refused for a reason the person asking can fix; the message says which and never carries a secret.</summary>
internal sealed class AccountException : Exception
{
    public AccountException() : this(AccountError.InvalidValue, "The account operation was refused.") { }

    public AccountException(string message) : this(AccountError.InvalidValue, message) { }

    public AccountException(string message, Exception inner) : base(message, inner) => Error = AccountError.InvalidValue;

    public AccountException(AccountError error, string message) : base(message) => Error = error;

    public AccountError Error { get; }

    public static AccountException UnknownUser(string name) => new(AccountError.UnknownUser, $"No user is named '{name}'.");

    public static AccountException UserExists(string name) => new(AccountError.UserExists, $"A user named '{name}' exists already.");
}
