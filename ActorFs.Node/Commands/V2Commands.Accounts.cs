using ActorFs.Actors;
using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Accounts;
using ActorFs.Node.Storage;
using static ActorFs.Messages.V2;

namespace ActorFs.Node.Commands;

/// <summary>
/// v2 sign-in and sharing: auth, logout, passwd, whoami, share, unshare, public, info and the admins' user
/// command. Changes go through the accounts actor, which answers once the new access view is published, so the
/// reply (and the next request) already sees the change.
/// </summary>
internal sealed partial class V2Commands
{
    private static readonly TimeSpan AccountsTimeout = TimeSpan.FromSeconds(30);

    private async ValueTask<CommandOutcome> AuthAsync(Requests.Auth r)
    {
        if (!access.HasAccountStore)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.Unauthorized, "This node has no accounts."));
        }

        object request = r.Token is { } token
            ? new AccountsActor.ResumeSession(token, state.RemoteAddress)
            : new AccountsActor.SignIn(r.Name!, r.Password!, state.RemoteAddress);
        var answer = await AskAccountsAsync(request).ConfigureAwait(false);
        if (answer is not AccountsActor.SignedIn signedIn)
        {
            return Refusal(r, answer);
        }

        state.Principal = new Principal(signedIn.User, signedIn.TokenHash);
        var home = AccessView.HomeOf(signedIn.User);
        state.WorkingDirectory = IsDirectory(home) ? home : VirtualPath.Root;
        return Reply(new Replies.Auth(
            r.Id, signedIn.User, signedIn.Admin, home.Value, signedIn.Token,
            signedIn.Token is null ? null : (long)signedIn.ValidFor.TotalSeconds));
    }

    private CommandOutcome.Reply Logout(Requests.Logout r)
    {
        if (state.Principal.TokenHash is { } hash)
        {
            access.Accounts.Tell(new AccountsActor.SignOut(hash), ActorRefs.NoSender);
        }

        state.Principal = Principal.Anonymous;
        state.WorkingDirectory = VirtualPath.Root;
        return Reply(new Replies.Logout(r.Id));
    }

    private async ValueTask<CommandOutcome> PasswdAsync(Requests.Passwd r)
    {
        if (state.Principal.User is not { } user)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.Unauthorized, "Sign in first."));
        }

        var answer = await AskAccountsAsync(new AccountsActor.ChangePassword(user, r.OldPassword, r.NewPassword, state.RemoteAddress)).ConfigureAwait(false);
        if (answer is not AccountsActor.PasswordChanged changed)
        {
            return Refusal(r, answer);
        }

        state.Principal = new Principal(user, changed.TokenHash);
        return Reply(new Replies.Passwd(r.Id, changed.Token, (long)changed.ValidFor.TotalSeconds));
    }

    private CommandOutcome.Reply Whoami(Requests.Whoami r)
    {
        var view = access.Views.Current;
        if (state.Principal.User is { } name && view.FindUser(name) is { } user)
        {
            return Reply(new Replies.Whoami(r.Id, user.Name, user.Admin, user.Home.Value, null));
        }

        return Reply(new Replies.Whoami(r.Id, null, view.Anonymous == AnonymousAccess.Full, null, view.Anonymous.ToWire()));
    }

    private async ValueTask<CommandOutcome> ShareAsync(Request r, string input, object change)
    {
        if (!TryResolve(r, input, "path", out var path, out var error))
        {
            return error;
        }

        store.Require(path, AccessLevel.Manage);
        _ = store.Stat(path);
        var answer = await AskAccountsAsync(change switch
        {
            AccountsActor.SetGrant grant => grant with { Path = path.Value },
            AccountsActor.SetPublic flag => flag with { Path = path.Value },
            _ => change,
        }).ConfigureAwait(false);
        if (answer is not AccountsActor.Done)
        {
            return Refusal(r, answer);
        }

        var view = access.Views.Current;
        var grants = Sharing.GrantsAt(view, path);
        var isPublic = AccessPolicy.IsPublic(view, path);
        return Reply(r switch
        {
            Requests.Share => new Replies.Share(r.Id, path.Value, grants, isPublic),
            Requests.Unshare => new Replies.Unshare(r.Id, path.Value, grants, isPublic),
            _ => (ServerMessage)new Replies.Public(r.Id, path.Value, grants, isPublic),
        });
    }

    private CommandOutcome.Reply Info(Requests.Info r)
    {
        var free = store.FreeSpace();
        if (state.Principal.User is not { } user || access.Views.Current.FindUser(user) is null)
        {
            return Reply(new Replies.Info(r.Id, null, 0, null, 0, null, free));
        }

        var limits = access.LimitsOf(user);
        var used = access.Ledger.UsageOf(user);
        var left = access.Ledger.BytesLeft(user, limits);
        return Reply(new Replies.Info(r.Id, user, used.Bytes, limits.Bytes, used.Files, limits.Files, left is { } l ? Math.Min(l, free) : free));
    }

    private async ValueTask<CommandOutcome> UserAsync(Requests.User r)
    {
        var view = access.Views.Current;
        var isAdmin = state.Principal.User is { } name
            ? view.FindUser(name) is { Admin: true, Disabled: false }
            : view.Anonymous == AnonymousAccess.Full;
        if (!isAdmin)
        {
            return Reply(state.Principal.IsAnonymous
                ? ErrorReply.Of(r.Id, r.Command, ErrorCode.Unauthorized, "Sign in as an administrator first.")
                : ErrorReply.Of(r.Id, r.Command, ErrorCode.Forbidden, "Only administrators manage accounts."));
        }

        if (!access.HasAccountStore)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.Unavailable, "This node has no account store."));
        }

        var answer = await AskAccountsAsync(new AccountsActor.ManageUser(
            r.Action, r.Name, r.Password, r.QuotaBytes, r.MaxFiles, r.Admin, r.Disabled, state.Principal.ToString())).ConfigureAwait(false);
        return answer is AccountsActor.Users users
            ? Reply(new Replies.User(r.Id, users.List))
            : Refusal(r, answer);
    }

    private async Task<object> AskAccountsAsync(object request)
    {
        try
        {
            return await access.Accounts.Ask<object>(request, AccountsTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new AccountsActor.Refused(ErrorCode.Unavailable, "The account store did not answer in time; try again.");
        }
    }

    private static CommandOutcome.Reply Refusal(Request r, object answer) => Reply(answer is AccountsActor.Refused refused
        ? ErrorReply.Of(r.Id, r.Command, refused.Code, refused.Message)
        : ErrorReply.Of(r.Id, r.Command, ErrorCode.Internal, "The account store gave an unexpected answer."));

    private bool IsDirectory(VirtualPath path)
    {
        try
        {
            return store.Stat(path).Kind == FileKind.Directory;
        }
        catch (StorageException)
        {
            return false;
        }
    }
}
