namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>Requests about accounts and access (issue 12). Records holding a password or token leave it out of <c>ToString()</c>.</summary>
    public static partial class Requests
    {
        /// <summary>Signs in, either with <paramref name="Name"/> and <paramref name="Password"/> or with <paramref name="Token"/>; exactly one form.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Name">The account name (password form).</param>
        /// <param name="Password">The password (password form).</param>
        /// <param name="Token">A session token from an earlier sign-in (token form).</param>
        public sealed record Auth(long Id, string? Name = null, string? Password = null, string? Token = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Auth;

            /// <summary>Leaves the password and the token out, so a logged request never shows them.</summary>
            public override string ToString() => $"Auth {{ Id = {Id}, Name = {Name}, Form = {(Token is null ? "password" : "token")} }}";
        }

        /// <summary>Revokes the session token this session signed in with; the session is anonymous again.</summary>
        public sealed record Logout(long Id) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Logout;
        }

        /// <summary>Changes the signed-in user's password; every older session token of the user is revoked.</summary>
        public sealed record Passwd(long Id, string OldPassword, string NewPassword) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Passwd;

            /// <summary>Leaves both passwords out.</summary>
            public override string ToString() => $"Passwd {{ Id = {Id} }}";
        }

        /// <summary>Asks who the session is.</summary>
        public sealed record Whoami(long Id) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Whoami;
        }

        /// <summary>Grants <paramref name="User"/> <paramref name="Level"/> on <paramref name="Path"/> and below (needs manage there).</summary>
        public sealed record Share(long Id, string Path, string User, GrantLevel Level) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Share;
        }

        /// <summary>Removes <paramref name="User"/>'s grant on <paramref name="Path"/> (needs manage there).</summary>
        public sealed record Unshare(long Id, string Path, string User) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Unshare;
        }

        /// <summary>Makes <paramref name="Path"/> and below readable by every signed-in user, or stops (needs manage there).</summary>
        public sealed record Public(long Id, string Path, bool On) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Public;
        }

        /// <summary>Asks for the signed-in user's usage, limits and free space.</summary>
        public sealed record Info(long Id) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Info;
        }

        /// <summary>Manages accounts (admins only). Fields left null are not sent and leave the account unchanged.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Action">What to do; every action but list needs <paramref name="Name"/>, add and passwd need <paramref name="Password"/>.</param>
        /// <param name="Name">The account.</param>
        /// <param name="Password">The new password (add, passwd).</param>
        /// <param name="QuotaBytes">Bytes the account may own.</param>
        /// <param name="MaxFiles">Files the account may own.</param>
        /// <param name="Admin">Whether the account administers the node.</param>
        /// <param name="Disabled">Whether sign-in is refused.</param>
        public sealed record User(
            long Id, UserAction Action, string? Name = null, string? Password = null,
            long? QuotaBytes = null, long? MaxFiles = null, bool? Admin = null, bool? Disabled = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.User;

            /// <summary>Leaves the password out.</summary>
            public override string ToString() =>
                $"User {{ Id = {Id}, Action = {Action}, Name = {Name}, QuotaBytes = {QuotaBytes}, MaxFiles = {MaxFiles}, Admin = {Admin}, Disabled = {Disabled} }}";
        }
    }
}
