namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>Replies about accounts and access (issue 12). Records holding a token leave it out of <c>ToString()</c>.</summary>
    public static partial class Replies
    {
        /// <summary>The session is signed in as <paramref name="User"/>.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="User">The account name.</param>
        /// <param name="Admin">Whether the account administers the node.</param>
        /// <param name="Home">The account's home folder.</param>
        /// <param name="Token">A new session token; only when signing in with a password.</param>
        /// <param name="ExpiresInSeconds">The new token's life; only with <paramref name="Token"/>.</param>
        public sealed record Auth(long Id, string User, bool Admin, string Home, string? Token = null, long? ExpiresInSeconds = null) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Auth;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() =>
                $"Auth {{ Id = {Id}, User = {User}, Admin = {Admin}, Home = {Home}, Token = {(Token is null ? "none" : "issued")}, ExpiresInSeconds = {ExpiresInSeconds} }}";
        }

        /// <summary>The session token is revoked and the session is anonymous again.</summary>
        public sealed record Logout(long Id) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Logout;
        }

        /// <summary>The password changed; every older session token of the user is revoked and this one replaces them.</summary>
        public sealed record Passwd(long Id, string Token, long ExpiresInSeconds) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Passwd;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() => $"Passwd {{ Id = {Id}, ExpiresInSeconds = {ExpiresInSeconds} }}";
        }

        /// <summary>Who the session is.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="User">The signed-in account; null when anonymous.</param>
        /// <param name="Admin">Whether the session administers the node.</param>
        /// <param name="Home">The signed-in account's home folder; null when anonymous.</param>
        /// <param name="Anonymous">The node's anonymous mode (<c>full</c>, <c>read-only</c>, <c>none</c>) when not signed in; null when signed in.</param>
        public sealed record Whoami(long Id, string? User, bool Admin, string? Home, string? Anonymous) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Whoami;
        }

        /// <summary>The access set on <paramref name="Path"/> after the share.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The path, normalised.</param>
        /// <param name="Grants">Every grant set on this very path.</param>
        /// <param name="IsPublic">Whether this very path is public (wire <c>public</c>).</param>
        public sealed record Share(long Id, string Path, IReadOnlyList<Grant> Grants, bool IsPublic) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Share;
        }

        /// <summary>The access set on <paramref name="Path"/> after the unshare; same shape as <see cref="Share"/>.</summary>
        public sealed record Unshare(long Id, string Path, IReadOnlyList<Grant> Grants, bool IsPublic) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Unshare;
        }

        /// <summary>The access set on <paramref name="Path"/> after the change; same shape as <see cref="Share"/>.</summary>
        public sealed record Public(long Id, string Path, IReadOnlyList<Grant> Grants, bool IsPublic) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Public;
        }

        /// <summary>The signed-in user's usage, limits and free space.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="User">The account; null for an anonymous session.</param>
        /// <param name="UsedBytes">Bytes the account owns.</param>
        /// <param name="QuotaBytes">Bytes the account may own; null for unlimited.</param>
        /// <param name="UsedFiles">Files the account owns.</param>
        /// <param name="MaxFiles">Files the account may own; null for unlimited.</param>
        /// <param name="FreeBytes">What may still be stored: the smaller of the disk's free space and the quota left.</param>
        public sealed record Info(long Id, string? User, long UsedBytes, long? QuotaBytes, long UsedFiles, long? MaxFiles, long FreeBytes) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Info;
        }

        /// <summary>Accounts as the node holds them after an admin's <c>user</c> request.</summary>
        public sealed record User(long Id, IReadOnlyList<UserSummary> Users) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.User;
        }
    }
}
