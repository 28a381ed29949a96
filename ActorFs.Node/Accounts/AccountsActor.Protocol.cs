using ActorFs.Messages;
using ActorFs.Node.Access;

namespace ActorFs.Node.Accounts;

/// <summary>The messages the accounts actor answers. Secrets travel in them only as far as the actor; ToString never shows them.</summary>
internal sealed partial class AccountsActor
{
    /// <summary>Sign in with name and password from <paramref name="Address"/>; answered <see cref="SignedIn"/> or <see cref="Refused"/>.</summary>
    public sealed record SignIn(string Name, string Password, string Address)
    {
        public override string ToString() => $"SignIn {{ Name = {Name}, Address = {Address} }}";
    }

    /// <summary>Sign in again with a session token an earlier sign-in issued; answered <see cref="SignedIn"/> (without a new token) or <see cref="Refused"/>.</summary>
    public sealed record ResumeSession(string Token, string Address)
    {
        public override string ToString() => $"ResumeSession {{ Address = {Address} }}";
    }

    /// <summary>A successful sign-in. <paramref name="Token"/> is the new session token (null when one was resumed); <paramref name="TokenHash"/> identifies it for logout.</summary>
    public sealed record SignedIn(string User, bool Admin, string? Token, TimeSpan ValidFor, string TokenHash)
    {
        public override string ToString() => $"SignedIn {{ User = {User}, Admin = {Admin} }}";
    }

    /// <summary>Revokes the session token with this hash (logout). Answered <see cref="Done"/>.</summary>
    public sealed record SignOut(string TokenHash)
    {
        public override string ToString() => "SignOut";
    }

    /// <summary>A user changes their own password; every earlier token is revoked and a new one issued (<see cref="PasswordChanged"/>).</summary>
    public sealed record ChangePassword(string User, string OldPassword, string NewPassword, string Address)
    {
        public override string ToString() => $"ChangePassword {{ User = {User}, Address = {Address} }}";
    }

    public sealed record PasswordChanged(string Token, TimeSpan ValidFor, string TokenHash)
    {
        public override string ToString() => "PasswordChanged";
    }

    /// <summary>Grants <paramref name="Grantee"/> <paramref name="Level"/> on <paramref name="Path"/>, or revokes the grant when the level is null. The caller checked manage access. Answered <see cref="Done"/> once the new view is published.</summary>
    public sealed record SetGrant(string Path, string Grantee, AccessLevel? Level);

    /// <summary>Marks a path public or not; answered <see cref="Done"/> once the new view is published.</summary>
    public sealed record SetPublic(string Path, bool On);

    /// <summary>An administrator's change to the accounts (add, del, passwd, set, list); answered <see cref="Users"/> or <see cref="Refused"/>.</summary>
    public sealed record ManageUser(
        V2.UserAction Action, string? Name, string? Password, long? QuotaBytes, long? MaxFiles, bool? Admin, bool? Disabled, string By)
    {
        public override string ToString() => $"ManageUser {{ Action = {Action}, Name = {Name}, By = {By} }}";
    }

    public sealed record Users(IReadOnlyList<V2.UserSummary> List);

    /// <summary>Entries were moved (mv): grants and public flags at and below <paramref name="From"/> follow them.</summary>
    public sealed record PathMoved(string From, string To);

    /// <summary>An entry was removed: grants and public flags at and below it are dropped.</summary>
    public sealed record PathRemoved(string Path);

    /// <summary>A request the actor refused, with the error a client sees.</summary>
    public sealed record Refused(ErrorCode Code, string Message);

    public sealed class Done
    {
        public static readonly Done Instance = new();
    }
}
