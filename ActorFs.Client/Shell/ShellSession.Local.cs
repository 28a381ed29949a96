// Local commands (lpwd, lcd, lls, lmkdir, ldir) and the shell's output helpers: argument checks,
// aligned tables, one JSON object per command in --json mode, error lines.
using System.Globalization;
using System.Text.Json;
using ActorFs.Messages;

namespace ActorFs.Client.Shell;

internal sealed partial class ShellSession
{
    private int Local(string name, List<string> args)
    {
        switch (name)
        {
            case "lpwd":
                Expect(args, 0, 0, "lpwd");
                return Done(name, LocalDirectory, new() { ["path"] = LocalDirectory });
            case "lcd":
            {
                Expect(args, 1, 1, "lcd DIR");
                var dir = ResolveLocal(args[0]);
                if (!Directory.Exists(dir))
                {
                    throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"No such local directory: {dir}");
                }

                LocalDirectory = dir;
                return Done(name, null, new() { ["path"] = dir });
            }

            case "lls":
            {
                Expect(args, 0, 1, "lls [DIR]");
                var dir = ResolveLocal(args.Count == 1 ? args[0] : ".");
                if (!Directory.Exists(dir))
                {
                    throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"No such local directory: {dir}");
                }

                var infos = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
                if (settings.Json)
                {
                    WriteJson(new()
                    {
                        ["command"] = name,
                        ["ok"] = true,
                        ["entries"] = infos.Select(i => new Dictionary<string, object?>
                        {
                            ["name"] = i.Name,
                            ["kind"] = i is FileInfo ? "file" : "directory",
                            ["size"] = (i as FileInfo)?.Length,
                            ["mtime"] = new DateTimeOffset(i.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                        }).ToList(),
                    });
                    return ExitCodes.Ok;
                }

                WriteTable(
                    ["NAME", "KIND", "SIZE", "MODIFIED"],
                    [.. infos.Select(i => new[]
                    {
                        i is FileInfo ? i.Name : i.Name + "/",
                        i is FileInfo ? "file" : "directory",
                        i is FileInfo f ? Sizes.Format(f.Length) : "-",
                        i.LastWriteTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    })],
                    rightAligned: 2);
                return ExitCodes.Ok;
            }

            case "lmkdir":
            {
                Expect(args, 1, 1, "lmkdir DIR");
                var dir = ResolveLocal(args[0]);
                Directory.CreateDirectory(dir);
                return Done(name, $"created {dir}", new() { ["path"] = dir });
            }

            default:
            {
                Expect(args, 0, 1, "ldir [DIR]");
                if (args.Count == 1)
                {
                    var dir = ResolveLocal(args[0]);
                    if (!Directory.Exists(dir))
                    {
                        throw ActorFsException.LocalError(StatusCode.NotFound, ErrorCode.NotFound, $"No such local directory: {dir}");
                    }

                    _downloadDirectory = dir;
                }

                return Done(name, $"downloads go to {DownloadDirectory}", new() { ["path"] = DownloadDirectory });
            }
        }
    }

    private string ResolveLocal(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        }

        return Path.GetFullPath(path, LocalDirectory);
    }

    private static void Expect(List<string> args, int min, int max, string usage)
    {
        if (args.Count < min || args.Count > max)
        {
            throw new UsageException($"usage: {usage}");
        }
    }

    /// <summary>Splits leading single-letter flags (<c>-r</c>, <c>-rf</c>) from the other words; unknown flags are usage errors.</summary>
    private static (HashSet<char> Set, List<string> Words) Flags(List<string> args, string allowed)
    {
        var flags = new HashSet<char>();
        var rest = new List<string>();
        var optionsDone = false;
        foreach (var arg in args)
        {
            if (!optionsDone && arg == "--")
            {
                optionsDone = true;
            }
            else if (!optionsDone && arg is "--force" or "--recursive" && allowed.Contains(arg[2], StringComparison.Ordinal))
            {
                flags.Add(arg[2]);
            }
            else if (!optionsDone && arg.Length > 1 && arg[0] == '-')
            {
                foreach (var c in arg[1..])
                {
                    if (!allowed.Contains(c, StringComparison.Ordinal))
                    {
                        throw new UsageException($"unknown option -{c}");
                    }

                    flags.Add(c);
                }
            }
            else
            {
                rest.Add(arg);
            }
        }

        return (flags, rest);
    }

    private int Done(string command, string? text, Dictionary<string, object?> json)
    {
        if (settings.Json)
        {
            var all = new Dictionary<string, object?> { ["command"] = command, ["ok"] = true };
            foreach (var (key, value) in json)
            {
                all[key] = value;
            }

            WriteJson(all);
        }
        else if (text is not null)
        {
            output.WriteLine(text);
        }

        return ExitCodes.Ok;
    }

    private int Fail(string command, int code, string message, ActorFsException? e = null)
    {
        if (settings.Json)
        {
            WriteJson(new()
            {
                ["command"] = command,
                ["ok"] = false,
                ["exit"] = code,
                ["status"] = e is null || e.StatusCode == StatusCode.None ? null : (int)e.StatusCode,
                ["error"] = e is null || e.StatusCode == StatusCode.None ? null : e.ErrorCode.ToWire(),
                ["message"] = message,
            });
        }
        else
        {
            error.WriteLine($"actorfs: {command}: {message}");
        }

        return code;
    }

    private void WriteJson(Dictionary<string, object?> value) => output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    private static Dictionary<string, object?> EntryJson(V2.Entry e, string? path)
    {
        var json = new Dictionary<string, object?>();
        if (path is not null)
        {
            json["path"] = path;
        }

        json["name"] = e.Name;
        json["kind"] = KindOf(e.Kind);
        json["size"] = e.Size;
        json["mtime"] = e.Modified.ToUnixTimeMilliseconds();
        json["sha256"] = e.Sha256;
        return json;
    }

    private static string KindOf(V2.EntryKind kind) => kind switch
    {
        V2.EntryKind.File => "file",
        V2.EntryKind.Directory => "directory",
        _ => "other",
    };

    /// <summary>Writes rows under a header, columns padded to their widest cell; column <paramref name="rightAligned"/> is right-aligned.</summary>
    private void WriteTable(string[] header, List<string[]> rows, int rightAligned)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 && i != rightAligned ? cell : i == rightAligned ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>Splits a remote path at its last '/': (directory or null for the working directory, name).</summary>
    private static (string? Directory, string Name) SplitRemote(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? (null, path) : (slash == 0 ? "/" : path[..slash], path[(slash + 1)..]);
    }

    private static string JoinRemote(string? directory, string name) =>
        directory is null ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;
}
