// The control commands of protocol v2 (docs/PROTOCOL.md section 4.5), one method each.
using System.Runtime.CompilerServices;
using ActorFs.Messages;

namespace ActorFs.Client;

public sealed partial class ActorFsClient
{
    /// <summary>The session's working directory.</summary>
    public async Task<string> PwdAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync<V2.Replies.Pwd>(id => new V2.Requests.Pwd(id), cancellationToken).ConfigureAwait(false);
        WorkingDirectory = reply.Path;
        return reply.Path;
    }

    /// <summary>Changes the working directory; returns the new one, normalised by the node.</summary>
    public async Task<string> CdAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var reply = await RequestAsync<V2.Replies.Cd>(id => new V2.Requests.Cd(id, path), cancellationToken).ConfigureAwait(false);
        WorkingDirectory = reply.Path;
        return reply.Path;
    }

    /// <summary>Every entry of a directory (the working directory when <paramref name="path"/> is null), all pages.</summary>
    public async Task<IReadOnlyList<V2.Entry>> ListAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        var all = new List<V2.Entry>();
        await foreach (var entry in EnumerateAsync(path, null, cancellationToken).ConfigureAwait(false))
        {
            all.Add(entry);
        }

        return all;
    }

    /// <summary>The entries of a directory, page by page (following <c>next</c> cursors) as they arrive.</summary>
    /// <param name="path">The directory; null for the working directory.</param>
    /// <param name="pageSize">Entries per page (1 to 1000); null for the node's default.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public async IAsyncEnumerable<V2.Entry> EnumerateAsync(string? path = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var current = cursor;
            var page = await RequestAsync<V2.Replies.Ls>(id => new V2.Requests.Ls(id, path, current, pageSize), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            cursor = page.Next;
        }
        while (cursor is not null);
    }

    /// <summary>Creates one directory level; returns its path.</summary>
    public async Task<string> MkdirAsync(string path, CancellationToken cancellationToken = default) =>
        (await RequestAsync<V2.Replies.Mkdir>(id => new V2.Requests.Mkdir(id, path), cancellationToken).ConfigureAwait(false)).Path;

    /// <summary>Removes a file; returns its path.</summary>
    public async Task<string> RmAsync(string path, CancellationToken cancellationToken = default) =>
        (await RequestAsync<V2.Replies.Rm>(id => new V2.Requests.Rm(id, path), cancellationToken).ConfigureAwait(false)).Path;

    /// <summary>Removes an empty directory; returns its path.</summary>
    public async Task<string> RmdirAsync(string path, CancellationToken cancellationToken = default) =>
        (await RequestAsync<V2.Replies.Rmdir>(id => new V2.Requests.Rmdir(id, path), cancellationToken).ConfigureAwait(false)).Path;

    /// <summary>Moves or renames; an existing target is replaced only with <paramref name="overwrite"/>. Returns the node's from and to paths.</summary>
    public async Task<(string From, string To)> MoveAsync(string from, string to, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync<V2.Replies.Mv>(id => new V2.Requests.Mv(id, from, to, overwrite), cancellationToken).ConfigureAwait(false);
        return (reply.From, reply.To);
    }

    /// <summary>One entry's details (the fields of <c>ls</c>, plus its full path).</summary>
    public async Task<(string Path, V2.Entry Entry)> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync<V2.Replies.Stat>(id => new V2.Requests.Stat(id, path), cancellationToken).ConfigureAwait(false);
        return (reply.Path, reply.Entry);
    }

    /// <summary>A file's SHA-256 as the node computes it (with the size and time it belongs to).</summary>
    public Task<V2.Replies.Sha256> Sha256Async(string path, CancellationToken cancellationToken = default) =>
        RequestAsync<V2.Replies.Sha256>(id => new V2.Requests.Sha256(id, path), cancellationToken);

    /// <summary>The node's command list, or one command's help with <paramref name="topic"/>.</summary>
    public async Task<IReadOnlyList<V2.CommandHelp>> HelpAsync(string? topic = null, CancellationToken cancellationToken = default) =>
        (await RequestAsync<V2.Replies.Help>(id => new V2.Requests.Help(id, topic), cancellationToken).ConfigureAwait(false)).Commands;
}
