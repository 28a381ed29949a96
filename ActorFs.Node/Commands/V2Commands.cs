using System.Diagnostics.CodeAnalysis;
using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Accounts;
using ActorFs.Node.Storage;
using static ActorFs.Messages.V2;

namespace ActorFs.Node.Commands;

/// <summary>
/// The protocol v2 commands of docs/PROTOCOL.md section 4.5: one method per command, each answering a typed
/// reply or error reply with the request's id. Storage failures map through <see cref="StorageErrorMapping"/>;
/// an unusable path is 400 <c>bad_request</c> naming the field. Transfers (get, put) are in V2Commands.Transfers.cs.
/// </summary>
internal sealed partial class V2Commands(GuardedFileStore store, CommandSettings settings, SessionState state, NodeAccess access)
{
    /// <summary>The reply for one decoded request.</summary>
    public async ValueTask<CommandOutcome> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request switch
            {
                Requests.Hello r => Reply(HelloReply(r.Id)),
                Requests.Pwd r => Reply(new Replies.Pwd(r.Id, state.WorkingDirectory.Value)),
                Requests.Cd r => Cd(r),
                Requests.Ls r => Ls(r),
                Requests.Mkdir r => Mkdir(r),
                Requests.Rm r => Rm(r),
                Requests.Rmdir r => Rmdir(r),
                Requests.Mv r => Mv(r),
                Requests.Stat r => Stat(r),
                Requests.Sha256 r => await Sha256Async(r, cancellationToken).ConfigureAwait(false),
                Requests.Get r => await GetAsync(r, cancellationToken).ConfigureAwait(false),
                Requests.Put r => Put(r),
                Requests.Append r => Append(r),
                Requests.Write r => Write(r),
                Requests.Help r => Help(r),
                Requests.Auth r => await AuthAsync(r).ConfigureAwait(false),
                Requests.Logout r => Logout(r),
                Requests.Passwd r => await PasswdAsync(r).ConfigureAwait(false),
                Requests.Whoami r => Whoami(r),
                Requests.Share r => await ShareAsync(r, r.Path, new AccountsActor.SetGrant(r.Path, r.User, Sharing.FromWire(r.Level))).ConfigureAwait(false),
                Requests.Unshare r => await ShareAsync(r, r.Path, new AccountsActor.SetGrant(r.Path, r.User, null)).ConfigureAwait(false),
                Requests.Public r => await ShareAsync(r, r.Path, new AccountsActor.SetPublic(r.Path, r.On)).ConfigureAwait(false),
                Requests.Info r => Info(r),
                Requests.User r => await UserAsync(r).ConfigureAwait(false),
                Requests.Bye r => new CommandOutcome.ReplyAndClose(V2ServerMessageEncoder.Encode(new Replies.Bye(r.Id))),
                _ => Reply(ErrorReply.Of(request.Id, request.Command, ErrorCode.UnknownCommand, "Unknown command; send 'help' for the list.", "command")),
            };
        }
        catch (StorageException e)
        {
            return Reply(StorageErrorMapping.ToErrorReply(e, request.Id, request.Command));
        }
    }

    /// <summary>The hello reply: this node's protocol, name, version, frame limit, features and the working directory.</summary>
    public Replies.Hello HelloReply(long id) => new(
        id, ProtocolVersion, settings.NodeName, settings.ServerVersion, settings.MaxFrameBytes, settings.FeatureList, state.WorkingDirectory.Value);

    /// <summary>Encodes any server message as a plain reply outcome.</summary>
    public static CommandOutcome.Reply Reply(ServerMessage message) => new(V2ServerMessageEncoder.Encode(message));

    private CommandOutcome Cd(Requests.Cd r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        if (store.Stat(path).Kind != FileKind.Directory)
        {
            throw StorageErrors.NotADirectory(path);
        }

        state.WorkingDirectory = path;
        return Reply(new Replies.Cd(r.Id, path.Value));
    }

    private CommandOutcome Ls(Requests.Ls r)
    {
        var path = state.WorkingDirectory;
        if (r.Path is not null && !TryResolve(r, r.Path, "path", out path, out var error))
        {
            return error;
        }

        string? after = null;
        if (r.Cursor is not null && !ListingPager.TryDecodeCursor(r.Cursor, out after))
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.BadRequest, "The cursor is not one this node issued.", "cursor"));
        }

        var limit = Math.Clamp(r.Limit ?? settings.ListPageSize, 1, MaxListLimit);
        var page = store.List(path, new PageRequest(Limit: limit, After: after));
        var view = access.Views.Current;
        var entries = page.Entries.Select(e => Sharing.Describe(view, e.Path, ListingPager.ToWire(e))).ToList();
        return Reply(new Replies.Ls(r.Id, path.Value, entries, ListingPager.EncodeCursor(page.NextCursor)));
    }

    private CommandOutcome Mkdir(Requests.Mkdir r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        store.CreateDirectory(path);
        return Reply(new Replies.Mkdir(r.Id, path.Value));
    }

    private CommandOutcome Rm(Requests.Rm r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        store.DeleteFile(path);
        return Reply(new Replies.Rm(r.Id, path.Value));
    }

    private CommandOutcome Rmdir(Requests.Rmdir r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        if (path.IsRoot)
        {
            return Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.Forbidden, "The root cannot be removed."));
        }

        store.RemoveDirectory(path);
        return Reply(new Replies.Rmdir(r.Id, path.Value));
    }

    private CommandOutcome Mv(Requests.Mv r)
    {
        if (!TryResolve(r, r.From, "from", out var from, out var error) || !TryResolve(r, r.To, "to", out var to, out error))
        {
            return error;
        }

        store.Move(from, to, r.Overwrite);
        return Reply(new Replies.Mv(r.Id, from.Value, to.Value));
    }

    private CommandOutcome Stat(Requests.Stat r)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        var entry = store.Stat(path);
        var view = access.Views.Current;
        var wire = Sharing.Describe(view, path, ListingPager.ToWire(entry));
        return view.HasAccounts || view.Entries.Count > 0
            ? Reply(new Replies.Stat(r.Id, path.Value, wire, Sharing.GrantsAt(view, path), AccessPolicy.IsPublic(view, path)))
            : Reply(new Replies.Stat(r.Id, path.Value, wire));
    }

    private async ValueTask<CommandOutcome> Sha256Async(Requests.Sha256 r, CancellationToken cancellationToken)
    {
        if (!TryResolve(r, r.Path, "path", out var path, out var error))
        {
            return error;
        }

        var entry = await ConsistentDigest.ReadAsync(store, path, cancellationToken).ConfigureAwait(false);
        return Reply(new Replies.Sha256(r.Id, path.Value, entry.Size, ListingPager.ToOffset(entry.LastWriteTimeUtc), entry.Sha256!));
    }

    private static CommandOutcome.Reply Help(Requests.Help r)
    {
        if (r.Topic is null)
        {
            return Reply(new Replies.Help(r.Id, HelpCatalog.All));
        }

        return HelpCatalog.Find(r.Topic) is { } help
            ? Reply(new Replies.Help(r.Id, [help]))
            : Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.NotFound, "No such command; send 'help' for the list.", "topic"));
    }

    private bool TryResolve(Request r, string input, string field, [NotNullWhen(true)] out VirtualPath? path, [NotNullWhen(false)] out CommandOutcome? error)
    {
        if (VirtualPath.TryResolve(state.WorkingDirectory, input, out path, out var problem))
        {
            error = null;
            return true;
        }

        error = Reply(ErrorReply.Of(r.Id, r.Command, ErrorCode.BadRequest, $"Invalid path: {problem}.", field));
        return false;
    }
}
