using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// The legacy commands (pwd, ls, cd, mkdir, get, put) with exactly the argument rules and status texts of
/// LEGACY-PROTOCOL.md. Every reply fits <see cref="CommandSettings.LegacyReplyLimit"/> bytes:
/// <list type="bullet">
/// <item><c>ls</c> is cut by <see cref="LegacyListing.Fit"/>;</item>
/// <item><c>cd</c> refuses (<c>Invalid command or argument(s)</c>) a directory whose <c>pwd</c> reply would not
/// fit, so a legacy session's working directory is always printable;</item>
/// <item><c>get</c>/<c>put</c> refuse the same way a path whose transfer reply could not fit (checked with the longest token);</item>
/// <item>any other reply that would still be too long becomes <c>Invalid command or argument(s)</c>.</item>
/// </list>
/// <c>put</c> takes one file name (no slash, not <c>.</c> or <c>..</c>), created in the working directory: the
/// client reads the upload from the last segment of the reply's path in its own directory, so a path with
/// directories in it could not name the file the client sends.
/// </summary>
internal sealed class LegacyCommands(GuardedFileStore store, CommandSettings settings, SessionState state, NodeAccess access)
{
    // Tokens are at most 256 URL-safe characters (docs/PROTOCOL.md section 5); ports at most 5 digits.
    private static readonly string LongestToken = new('x', 256);

    /// <summary>The reply for one parsed legacy request.</summary>
    public async ValueTask<CommandOutcome> HandleAsync(Legacy.Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Command switch
            {
                Legacy.Commands.Pwd => Pwd(request.Argument),
                Legacy.Commands.Ls => Ls(request.Argument),
                Legacy.Commands.Cd => Cd(request.Argument),
                Legacy.Commands.Mkdir => Mkdir(request.Argument),
                Legacy.Commands.Get => await GetAsync(request.Argument, cancellationToken).ConfigureAwait(false),
                Legacy.Commands.Put => Put(request.Argument),
                _ => Error(Legacy.StatusMessages.InvalidCommandOrArguments),
            };
        }
        catch (StorageException e)
        {
            return Error(StorageErrorMapping.ToLegacyMessage(request.Command, e.Kind));
        }
    }

    /// <summary>The reply to a frame that is not a legacy request.</summary>
    public static CommandOutcome InvalidFormat() => Error(Legacy.StatusMessages.InvalidCommandFormat);

    private CommandOutcome.Reply Pwd(string? argument) => argument is null
        ? Ok(state.WorkingDirectory.Value)
        : Error(Legacy.StatusMessages.InvalidCommandOrArguments);

    private CommandOutcome.Reply Ls(string? argument)
    {
        if (argument is not null && argument.Length == 0)
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var directory = argument is null ? state.WorkingDirectory : VirtualPath.Resolve(state.WorkingDirectory, argument);
        var names = ListingPager.LegacyWindow(store, directory, settings.LegacyReplyLimit);
        return Ok(LegacyListing.Fit(names, settings.LegacyReplyLimit));
    }

    private CommandOutcome.Reply Cd(string? argument)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var directory = VirtualPath.Resolve(state.WorkingDirectory, argument);
        if (store.Stat(directory).Kind != FileKind.Directory)
        {
            return Error(Legacy.StatusMessages.NoSuchDirectory);
        }

        if (!Fits(LegacyCodec.EncodeReply(Legacy.Reply.Ok(directory.Value))))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        state.WorkingDirectory = directory;
        return Ok(null);
    }

    private CommandOutcome.Reply Mkdir(string? argument)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        store.CreateDirectory(VirtualPath.Resolve(state.WorkingDirectory, argument));
        return Ok(null);
    }

    private async ValueTask<CommandOutcome> GetAsync(string? argument, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var path = VirtualPath.Resolve(state.WorkingDirectory, argument);
        if (store.Stat(path).Kind != FileKind.File)
        {
            return Error(Legacy.StatusMessages.NoSuchFile);
        }

        var entry = await ConsistentDigest.ReadAsync(store, path, cancellationToken).ConfigureAwait(false);
        var digest = entry.Sha256!;
        if (!Fits(TransferReply(Legacy.Operations.Get, path, entry.Size, LongestToken, 65535, digest)))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var plan = new TransferPlan(
            TransferDirection.Download, path, entry.Size, digest, Offset: 0, Overwrite: false,
            ProtocolMode.Legacy, RequestId: null, entry.LastWriteTimeUtc, state.Principal.User);
        return new CommandOutcome.StartTransfer(
            plan,
            ticket => TransferReply(Legacy.Operations.Get, path, entry.Size, ticket.Token, ticket.Port, digest),
            Refusal);
    }

    private CommandOutcome Put(string? argument)
    {
        if (!VirtualPath.IsValidName(argument, out _))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var path = state.WorkingDirectory.Combine(argument!);
        if (RootConfinement.IsInternal(path))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        if (Exists(path))
        {
            return Error(Legacy.StatusMessages.FileAlreadyExists);
        }

        if (store.Stat(path.Parent).Kind != FileKind.Directory)
        {
            return Error(Legacy.StatusMessages.NoSuchDirectory);
        }

        if (!Fits(TransferReply(Legacy.Operations.Put, path, null, LongestToken, 65535, null)))
        {
            return Error(Legacy.StatusMessages.InvalidCommandOrArguments);
        }

        var quotaOwner = new UploadAdmission(store, access).Admit(path, addedBytes: null, newFile: true);
        var plan = new TransferPlan(
            TransferDirection.Upload, path, Size: null, Sha256: null, Offset: 0, Overwrite: false,
            ProtocolMode.Legacy, RequestId: null, LastWriteTimeUtc: null, state.Principal.User, quotaOwner);
        return new CommandOutcome.StartTransfer(
            plan,
            ticket => TransferReply(Legacy.Operations.Put, path, null, ticket.Token, ticket.Port, null),
            Refusal);
    }

    private bool Exists(VirtualPath path)
    {
        try
        {
            store.Stat(path);
            return true;
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.NotFound)
        {
            return false;
        }
    }

    private bool Fits(byte[] reply) => reply.Length <= settings.LegacyReplyLimit;

    private CommandOutcome.Reply Ok(string? content)
    {
        var bytes = LegacyCodec.EncodeReply(Legacy.Reply.Ok(content));
        return Fits(bytes) ? new CommandOutcome.Reply(bytes) : Error(Legacy.StatusMessages.InvalidCommandOrArguments);
    }

    private static CommandOutcome.Reply Error(string message) =>
        new(LegacyCodec.EncodeReply(Legacy.Reply.Error(message)));

    private static byte[] TransferReply(string operation, VirtualPath path, long? size, string token, int port, string? sha256) =>
        LegacyCodec.EncodeTransferReply(new Legacy.TransferReply(operation, path.Value, size, token, port, sha256));

    // The legacy protocol has no text for "busy" or "shutting down"; the neutral refusal keeps the client going.
    private static readonly byte[] RefusalBytes = LegacyCodec.EncodeReply(Legacy.Reply.Error(Legacy.StatusMessages.InvalidCommandOrArguments));

    private static ReadOnlyMemory<byte> Refusal(TransferRefusal _) => RefusalBytes;
}
