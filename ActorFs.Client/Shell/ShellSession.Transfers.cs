// get and put in the shell: one file, globs (get *.pdf, put *.txt) and -r for directories. Each
// file is its own verified transfer; a failure is reported and the rest go on.
using ActorFs.Messages;

namespace ActorFs.Client.Shell;

internal sealed partial class ShellSession
{
    private async Task<int> GetAsync(List<string> args, CancellationToken ct)
    {
        var (flags, rest) = Flags(args, "rf");
        Expect(rest, 1, 2, "get [-r] [-f] REMOTE [LOCAL]");
        var force = flags.Contains('f') || settings.Force;
        var remote = rest[0];
        var local = rest.Count == 2 ? ResolveLocal(rest[1]) : null;
        if (CommandText.IsGlob(remote))
        {
            var (dir, pattern) = SplitRemote(remote);
            var target = local ?? DownloadDirectory;
            var matches = new List<V2.Entry>();
            await foreach (var e in client.EnumerateAsync(dir, null, ct).ConfigureAwait(false))
            {
                if (CommandText.GlobMatch(pattern, e.Name) && (e.Kind == V2.EntryKind.File || flags.Contains('r')))
                {
                    matches.Add(e);
                }
            }

            if (matches.Count == 0)
            {
                throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"Nothing matches {remote}.");
            }

            var worst = ExitCodes.Ok;
            foreach (var e in matches)
            {
                var code = e.Kind == V2.EntryKind.Directory
                    ? await GetTreeAsync(JoinRemote(dir, e.Name), Path.Combine(target, e.Name), force, ct).ConfigureAwait(false)
                    : await GetOneAsync(JoinRemote(dir, e.Name), Path.Combine(target, e.Name), force, ct).ConfigureAwait(false);
                worst = code != ExitCodes.Ok ? code : worst;
            }

            return worst;
        }

        var name = SplitRemote(remote.TrimEnd('/')).Name;
        if (flags.Contains('r'))
        {
            var (_, entry) = await client.StatAsync(remote, ct).ConfigureAwait(false);
            if (entry.Kind == V2.EntryKind.Directory)
            {
                return await GetTreeAsync(remote, local ?? Path.Combine(DownloadDirectory, name), force, ct).ConfigureAwait(false);
            }
        }

        var file = local is null ? Path.Combine(DownloadDirectory, name) : Directory.Exists(local) ? Path.Combine(local, name) : local;
        return await GetOneAsync(remote, file, force, ct).ConfigureAwait(false);
    }

    private async Task<int> GetTreeAsync(string remote, string local, bool force, CancellationToken ct)
    {
        Directory.CreateDirectory(local);
        var worst = ExitCodes.Ok;
        var entries = await client.ListAsync(remote, ct).ConfigureAwait(false);
        foreach (var e in entries)
        {
            var code = e.Kind switch
            {
                V2.EntryKind.Directory => await GetTreeAsync(JoinRemote(remote, e.Name), Path.Combine(local, e.Name), force, ct).ConfigureAwait(false),
                V2.EntryKind.File => await GetOneAsync(JoinRemote(remote, e.Name), Path.Combine(local, e.Name), force, ct).ConfigureAwait(false),
                _ => ExitCodes.Ok,
            };
            worst = code != ExitCodes.Ok ? code : worst;
        }

        return worst;
    }

    private async Task<int> GetOneAsync(string remote, string local, bool force, CancellationToken ct)
    {
        try
        {
            var result = await view.RunAsync(
                SplitRemote(remote).Name,
                progress => client.DownloadAsync(remote, local, new TransferOptions { Overwrite = force, Progress = progress }, ct)).ConfigureAwait(false);
            return Done(
                "get",
                $"downloaded {result.RemotePath} -> {result.LocalPath} ({Sizes.Format(result.Bytes)}, SHA-256 verified)",
                new() { ["remote"] = result.RemotePath, ["local"] = result.LocalPath, ["size"] = result.Bytes, ["sha256"] = result.Sha256 });
        }
        catch (ActorFsException e)
        {
            var detail = e.IsRemoteRefusal ? $" ({(int)e.StatusCode} {e.ErrorCode.ToWire()})" : string.Empty;
            return Fail("get", ExitCodes.Of(e), e.Message + detail, e);
        }
    }

    private async Task<int> PutAsync(List<string> args, CancellationToken ct)
    {
        var (flags, rest) = Flags(args, "rf");
        Expect(rest, 1, 2, "put [-r] [-f] LOCAL [REMOTE]");
        var force = flags.Contains('f') || settings.Force;
        var local = ResolveLocal(rest[0]);
        var remote = rest.Count == 2 ? rest[1] : null;
        var name = Path.GetFileName(local.TrimEnd('/'));
        if (CommandText.IsGlob(name))
        {
            var dir = Path.GetDirectoryName(local)!;
            var files = Directory.Exists(dir)
                ? Directory.EnumerateFileSystemEntries(dir).Where(p => CommandText.GlobMatch(name, Path.GetFileName(p))).Order(StringComparer.Ordinal).ToList()
                : [];
            files = [.. files.Where(p => File.Exists(p) || flags.Contains('r'))];
            if (files.Count == 0)
            {
                throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"Nothing matches {rest[0]}.");
            }

            var worst = ExitCodes.Ok;
            foreach (var file in files)
            {
                var target = JoinRemote(remote, Path.GetFileName(file));
                var code = Directory.Exists(file)
                    ? await PutTreeAsync(file, target, force, ct).ConfigureAwait(false)
                    : await PutOneAsync(file, target, force, ct).ConfigureAwait(false);
                worst = code != ExitCodes.Ok ? code : worst;
            }

            return worst;
        }

        if (Directory.Exists(local))
        {
            if (!flags.Contains('r'))
            {
                throw new UsageException($"{local} is a directory; use put -r.");
            }

            return await PutTreeAsync(local, remote ?? name, force, ct).ConfigureAwait(false);
        }

        var destination = remote ?? name;
        if (remote is not null && await IsRemoteDirectoryAsync(remote, ct).ConfigureAwait(false))
        {
            destination = JoinRemote(remote, name);
        }

        return await PutOneAsync(local, destination, force, ct).ConfigureAwait(false);
    }

    private async Task<bool> IsRemoteDirectoryAsync(string remote, CancellationToken ct)
    {
        try
        {
            return (await client.StatAsync(remote, ct).ConfigureAwait(false)).Entry.Kind == V2.EntryKind.Directory;
        }
        catch (ActorFsException e) when (e.IsRemoteRefusal)
        {
            return false;
        }
    }

    private async Task<int> PutTreeAsync(string local, string remote, bool force, CancellationToken ct)
    {
        try
        {
            await client.MkdirAsync(remote, ct).ConfigureAwait(false);
        }
        catch (ActorFsException e) when (e.ErrorCode == ErrorCode.Exists)
        {
        }

        var worst = ExitCodes.Ok;
        foreach (var entry in Directory.EnumerateFileSystemEntries(local).Order(StringComparer.Ordinal))
        {
            var target = JoinRemote(remote, Path.GetFileName(entry));
            var code = Directory.Exists(entry)
                ? await PutTreeAsync(entry, target, force, ct).ConfigureAwait(false)
                : await PutOneAsync(entry, target, force, ct).ConfigureAwait(false);
            worst = code != ExitCodes.Ok ? code : worst;
        }

        return worst;
    }

    private async Task<int> PutOneAsync(string local, string remote, bool force, CancellationToken ct)
    {
        try
        {
            var result = await view.RunAsync(
                Path.GetFileName(local),
                progress => client.UploadAsync(local, remote, new TransferOptions { Overwrite = force, Progress = progress }, ct)).ConfigureAwait(false);
            return Done(
                "put",
                $"uploaded {result.LocalPath} -> {result.RemotePath} ({Sizes.Format(result.Bytes)}, SHA-256 confirmed by the node)",
                new() { ["local"] = result.LocalPath, ["remote"] = result.RemotePath, ["size"] = result.Bytes, ["sha256"] = result.Sha256 });
        }
        catch (ActorFsException e)
        {
            var detail = e.IsRemoteRefusal ? $" ({(int)e.StatusCode} {e.ErrorCode.ToWire()})" : string.Empty;
            return Fail("put", ExitCodes.Of(e), e.Message + detail, e);
        }
    }
}
