namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>What a grant lets its user do on a path and below it (PLAN: none &lt; read &lt; write &lt; manage &lt; owner; only these three can be granted).</summary>
    public enum GrantLevel
    {
        /// <summary>List, stat, hash and download; wire <c>"read"</c>.</summary>
        Read = 1,

        /// <summary>Read, plus create, change and remove; wire <c>"write"</c>.</summary>
        Write,

        /// <summary>Write, plus share, unshare and public; wire <c>"manage"</c>.</summary>
        Manage,
    }

    /// <summary>What an admin's <c>user</c> request does.</summary>
    public enum UserAction
    {
        /// <summary>Create an account (needs a name and a password); wire <c>"add"</c>.</summary>
        Add = 1,

        /// <summary>Delete an account (needs a name); wire <c>"del"</c>.</summary>
        Delete,

        /// <summary>Set an account's password (needs a name and a password); wire <c>"passwd"</c>.</summary>
        SetPassword,

        /// <summary>Change an account's quota, file limit, admin or disabled flag (needs a name); wire <c>"set"</c>.</summary>
        Set,

        /// <summary>List the accounts; wire <c>"list"</c>.</summary>
        List,
    }

    /// <summary>One user's access to a path, as share, unshare, public and stat show it.</summary>
    /// <param name="User">The user's name.</param>
    /// <param name="Level">What the user may do there.</param>
    public sealed record Grant(string User, GrantLevel Level);

    /// <summary>One account as the <c>user</c> reply shows it; never holds the password hash.</summary>
    /// <param name="Name">The account name.</param>
    /// <param name="Admin">Whether the account administers the node.</param>
    /// <param name="Disabled">Whether sign-in is refused.</param>
    /// <param name="Home">The account's home folder, <c>/home/NAME</c>.</param>
    /// <param name="QuotaBytes">Bytes the account may own; null for unlimited.</param>
    /// <param name="MaxFiles">Files the account may own; null for unlimited.</param>
    /// <param name="UsedBytes">Bytes the account owns now.</param>
    /// <param name="UsedFiles">Files the account owns now.</param>
    public sealed record UserSummary(
        string Name, bool Admin, bool Disabled, string Home, long? QuotaBytes, long? MaxFiles, long UsedBytes, long UsedFiles);
}
