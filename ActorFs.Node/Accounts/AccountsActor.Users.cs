using ActorFs.Actors;
using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Quotas;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Accounts;

/// <summary>The administrators' remote account management (v2 <c>user</c>): the same operations as <c>actorfs-node user</c>.</summary>
internal sealed partial class AccountsActor
{
    private void OnManageUser(ManageUser request)
    {
        try
        {
            switch (request.Action)
            {
                case V2.UserAction.List:
                    Sender.Tell(new Users(Summaries()));
                    return;
                case V2.UserAction.Add:
                    UserNames.Validate(request.Name);
                    if (_document.FindUser(request.Name) is not null) throw AccountException.UserExists(request.Name!);
                    HashInBackground(request, PasswordRules.Validate(request.Password));
                    return;
                case V2.UserAction.SetPassword:
                    _document.GetUser(request.Name!);
                    HashInBackground(request, PasswordRules.Validate(request.Password));
                    return;
                case V2.UserAction.Delete:
                    _document.GetUser(request.Name!);
                    if (!Commit(_document.RemoveUser(request.Name!), "delete a user"))
                    {
                        Sender.Tell(StoreUnavailable);
                        return;
                    }
                    _ledger.Forget(request.Name!);
                    _log.Info("User {User} deleted by {By}; the files in their home are kept", request.Name, request.By);
                    Sender.Tell(new Users(Summaries()));
                    return;
                case V2.UserAction.Set:
                    var current = _document.GetUser(request.Name!).Options;
                    var options = new UserOptions(
                        request.QuotaBytes ?? current.QuotaBytes, request.MaxFiles ?? current.MaxFiles,
                        request.Admin ?? current.Admin, request.Disabled ?? current.Disabled);
                    if (!Commit(_document.SetUserOptions(request.Name!, options), "change a user"))
                    {
                        Sender.Tell(StoreUnavailable);
                        return;
                    }
                    _log.Info("User {User} changed by {By}: {Options}", request.Name, request.By, options);
                    Sender.Tell(new Users(Summaries()));
                    return;
                default:
                    Sender.Tell(new Refused(ErrorCode.BadRequest, "Unknown user action."));
                    return;
            }
        }
        catch (AccountException e)
        {
            Sender.Tell(Refusal(e));
        }
    }

    private void HashInBackground(ManageUser request, string password)
    {
        var hasher = _hasher;
        var hashing = _hashing;
        var replyTo = Sender;
        Task.Run(async () =>
        {
            await hashing.WaitAsync().ConfigureAwait(false);
            try
            {
                return new UserHashed(request, replyTo, hasher.Hash(password));
            }
            finally
            {
                hashing.Release();
            }
        }).PipeTo(Self);
    }

    private void OnUserHashed(UserHashed hashed)
    {
        var request = hashed.Request;
        var now = Now;
        try
        {
            var adding = request.Action == V2.UserAction.Add;
            var document = adding
                ? _document.AddUser(request.Name!, hashed.Hash, new UserOptions(request.QuotaBytes, request.MaxFiles, request.Admin ?? false, request.Disabled ?? false), now)
                : _document.SetPassword(request.Name!, hashed.Hash, now);
            if (!Commit(document, adding ? "add a user" : "set a password"))
            {
                hashed.ReplyTo.Tell(StoreUnavailable);
                return;
            }

            if (adding)
            {
                CreateHome(request.Name!);
                _log.Info("User {User} added by {By}", request.Name, request.By);
            }
            else
            {
                _log.Info("The password of {User} was reset by {By}; their session tokens are revoked", request.Name, request.By);
            }

            hashed.ReplyTo.Tell(new Users(Summaries()));
        }
        catch (AccountException e)
        {
            hashed.ReplyTo.Tell(Refusal(e));
        }
    }

    /// <summary>Creates <c>/home</c> and <c>/home/NAME</c> when missing; an existing folder is kept, with what it holds counted.</summary>
    private void CreateHome(string name)
    {
        var home = AccessView.HomeOf(name);
        foreach (var folder in new[] { home.Parent, home })
        {
            try
            {
                _files.CreateDirectory(folder);
            }
            catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
            {
                if (folder.Equals(home)) _ledger.Charge(name, TreeUsage.Measure(_files, home));
            }
            catch (StorageException e)
            {
                _log.Error("Could not create the home folder {Home} of {User}: {Reason}", home, name, e.Message);
                return;
            }
        }
    }

    private List<V2.UserSummary> Summaries() =>
    [
        .. _document.Users.Values.Select(u =>
        {
            var used = _ledger.UsageOf(u.Name);
            return new V2.UserSummary(u.Name, u.Admin, u.Disabled, u.Home, u.QuotaBytes, u.MaxFiles, used.Bytes, used.Files);
        }),
    ];

    private static Refused Refusal(AccountException e) => new(
        e.Error switch
        {
            AccountError.UnknownUser => ErrorCode.NotFound,
            AccountError.UserExists => ErrorCode.Exists,
            _ => ErrorCode.BadRequest,
        },
        e.Message);

    private sealed record UserHashed(ManageUser Request, IActorRef ReplyTo, PasswordHash Hash);
}
