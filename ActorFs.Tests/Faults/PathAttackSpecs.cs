// Issue 8, item 5: a corpus of hostile paths through every command that takes one (v2 and legacy) and the
// transfer handshake: nothing outside the root is read, written, listed or deleted; replies show no host path.
using System.Text;
using System.Text.Json;
using ActorFs.Messages;
using ActorFs.Tests.EndToEnd;

namespace ActorFs.Tests.Faults;

public sealed class PathAttackSpecs : IAsyncLifetime
{
    private static readonly byte[] Pwned = "PWNED"u8.ToArray();
    private readonly string _base = Directory.CreateTempSubdirectory("actorfs-attack-").FullName;
    private RunningNode _node = null!;
    private int _escapes;

    private string Root => Path.Join(_base, "data");

    private string Outside => Path.Join(_base, "outside");

    private string Sibling => Path.Join(_base, "data2");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Sibling);
        await File.WriteAllTextAsync(Path.Join(Outside, "secret.txt"), "outside secret");
        await File.WriteAllTextAsync(Path.Join(Sibling, "secret.txt"), "sibling secret");
        _node = await RunningNode.StartAsync(root: Root);
        Restore();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_base, recursive: true);
    }

    private IEnumerable<string> Corpus()
    {
        string[] fixedOnes =
        [
            "..", "../", "../..", "../../../../../../../etc/passwd", "/etc/passwd", "/../etc/passwd", "..//..//etc/passwd", "./../outside/secret.txt",
            "../outside", "../outside/secret.txt", "../data2/secret.txt", "/../data2", "../data2", "link-file", "link-dir", "link-dir/secret.txt",
            "link-dir/../../outside/secret.txt", "link-sibling/secret.txt", "link-sibling", "/.actorfs", "/.actorfs/staging", ".actorfs/tls/node.pem",
            "a\u0000b", "a\u0001b", "a\nb", "\u001b[31m", "\u007f", new string('n', 4096), new string('n', 255) + "/x", "．．/．．/etc/passwd",
            "\u2025/etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..\\..\\etc\\passwd", "／etc／passwd", "a/\u202e/txt", "/proc/self/environ",
            "/proc/self/root/etc/passwd", "/proc/self/cwd", "~/.ssh/id_rsa", "file:///etc/passwd", "//etc/passwd", "/\\../etc", "\ud800", "",
            "dir/../../outside/secret.txt", "dir/./../../data2/secret.txt",
        ];
        return fixedOnes.Append(Path.Join(Outside, "secret.txt")).Append(Path.Join(Sibling, "secret.txt")).Append(_base);
    }

    /// <summary>Puts back the fixtures a command may legitimately have changed inside the root (links renamed or deleted, the victim moved).</summary>
    private void Restore()
    {
        Directory.CreateDirectory(Path.Join(Root, "dir"));
        if (!File.Exists(Path.Join(Root, "victim.txt")))
        {
            File.WriteAllText(Path.Join(Root, "victim.txt"), "victim");
        }

        foreach (var (link, target) in new[] { ("link-file", Path.Join(Outside, "secret.txt")), ("link-dir", Outside), ("link-sibling", "../data2") })
        {
            var path = Path.Join(Root, link);
            var info = new FileInfo(path);
            if (info.LinkTarget is null && Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (info.LinkTarget is null && File.Exists(path))
            {
                File.Delete(path);
            }

            if (new FileInfo(path).LinkTarget is null)
            {
                if (link == "link-file")
                {
                    File.CreateSymbolicLink(path, target);
                }
                else
                {
                    Directory.CreateSymbolicLink(path, target);
                }
            }
        }
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(Outside).Select(Path.GetFileName));
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(Sibling).Select(Path.GetFileName));
        Assert.Equal("outside secret", File.ReadAllText(Path.Join(Outside, "secret.txt")));
        Assert.Equal("sibling secret", File.ReadAllText(Path.Join(Sibling, "secret.txt")));
        Assert.Equal(["data", "data2", "outside"], Directory.GetFileSystemEntries(_base).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// As <see cref="CheckReply(string, string)"/>, for a v2 reply, whose message may name the virtual path the client
    /// asked for (PROTOCOL.md 4.3): a corpus path such as "/tmp/actorfs-attack-X/outside/secret.txt" is a virtual path
    /// under the root, and its echo (as sent, normalised, or an ancestor of it) reveals nothing. Everything else is checked.
    /// </summary>
    private void CheckV2Reply(string what, string reply, string? requestedPath)
    {
        if (requestedPath is not null)
        {
            // The path as sent, normalised, and its ancestors (a put names a missing parent folder).
            var echoes = new List<string> { requestedPath };
            for (var v = NormaliseVirtual(requestedPath); v.Length > 1; v = v[..Math.Max(1, v.LastIndexOf('/'))])
            {
                echoes.Add(v);
            }

            foreach (var echo in echoes.Where(e => e.Length > 1).OrderByDescending(e => e.Length))
            {
                reply = reply.Replace(JsonSerializer.Serialize(echo)[1..^1], "<requested>", StringComparison.Ordinal)
                    .Replace(LegacyClient.Quote(echo).Trim('"'), "<requested>", StringComparison.Ordinal);
            }
        }

        CheckReply(what, reply);
    }

    private static string NormaliseVirtual(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    private void CheckReply(string what, string reply)
    {
        var leaks = new[] { _base, "outside secret", "sibling secret", "root:x:0:0" };
        foreach (var leak in leaks)
        {
            if (reply.Contains(leak, StringComparison.Ordinal) || reply.Contains(LegacyClient.Quote(leak).Trim('"'), StringComparison.Ordinal))
            {
                _escapes++;
                Assert.Fail($"{what}: the reply leaks '{leak}': {reply}");
            }
        }
    }

    private async Task<byte[]> RedeemDownloadAsync(string token)
    {
        await using var t = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
        await t.SendAsync(TransferWire.EncodeHandshake(token));
        try
        {
            return await Support.Loopback.ReadToEndAsync(t.Stream);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private async Task RedeemUploadAsync(string token)
    {
        await using var t = await RawConnection.OpenAsync(_node.Transfer, _node.Certificate);
        await t.SendAsync(TransferWire.EncodeHandshake(token));
        var flag = await Support.Loopback.ReadUpToAsync(t.Stream, 8);
        if (flag.AsSpan().SequenceEqual(TransferWire.ReadyFlag))
        {
            await t.SendAsync(Pwned);
            await t.ReadValueAsync(); // the outcome line
        }
    }

    private void AssertNotSecret(string what, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Contains("secret", StringComparison.Ordinal) || text.Contains("root:x:", StringComparison.Ordinal))
        {
            _escapes++;
            Assert.Fail($"{what}: read bytes from outside the root");
        }
    }

    [Fact]
    public async Task Every_v2_command_that_takes_a_path_refuses_to_escape_the_root_for_the_whole_corpus()
    {
        await using var c = await RawConnection.OpenAsync(_node.Control, _node.Certificate);
        await c.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        var pwnedSha = Faults.Sha256(Pwned);
        long id = 1;
        var requests = 0;
        var events = 0;
        foreach (var path in Corpus())
        {
            var p = JsonSerializer.Serialize(path);
            string[] shapes =
            [
                $$"""{"command":"cd","path":{{p}}}""", $$"""{"command":"ls","path":{{p}}}""", $$"""{"command":"stat","path":{{p}}}""",
                $$"""{"command":"sha256","path":{{p}}}""", $$"""{"command":"get","path":{{p}}}""", $$"""{"command":"mkdir","path":{{p}}}""",
                $$"""{"command":"put","path":{{p}},"size":5,"sha256":"{{pwnedSha}}","overwrite":true}""", $$"""{"command":"rm","path":{{p}}}""",
                $$"""{"command":"rmdir","path":{{p}}}""", $$"""{"command":"mv","from":{{p}},"to":"moved"}""",
                $$"""{"command":"mv","from":"victim.txt","to":{{p}},"overwrite":true}""", $$"""{"command":"ls","path":{{JsonSerializer.Serialize(path + "/")}}}""",
            ];
            foreach (var shape in shapes)
            {
                var request = "{\"id\":" + id++ + "," + shape[1..];
                var reply = await RequestSkippingEventsAsync(request, path: path);
                requests++;
                var status = reply.GetProperty("status").GetInt32();
                var command = reply.GetProperty("command").GetString();
                if (status == 202 && command == "get")
                {
                    AssertNotSecret(request, await RedeemDownloadAsync(reply.GetProperty("content").GetProperty("token").GetString()!));
                }
                else if (status == 202 && command == "put")
                {
                    await RedeemUploadAsync(reply.GetProperty("content").GetProperty("token").GetString()!);
                }
                else if (status == 200 && command == "cd")
                {
                    await RequestSkippingEventsAsync($$"""{"id":{{id++}},"command":"ls"}""", request + " then ls");
                    await RequestSkippingEventsAsync($$"""{"id":{{id++}},"command":"cd","path":"/"}""");
                }

                AssertOutsideUntouched();
                Restore();
            }
        }

        Assert.True(requests > 500);
        Assert.True(events > 0, "no transfer event reached the session");
        Assert.Equal(0, _escapes);
        await Faults.AssertServesAsync(_node, "after the path corpus");

        // The session's transfers end with verified/failed events between replies (PROTOCOL.md 4.7); a reply is the
        // value whose type is "reply" (4.3). Events are checked for escapes too.
        async Task<JsonElement> RequestSkippingEventsAsync(string request, string? what = null, string? path = null)
        {
            await c.SendAsync(request);
            while (true)
            {
                var text = await c.ReadValueAsync() ?? throw new IOException("the node closed the session on " + request);
                CheckV2Reply(what ?? request, text, path);
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (root.GetProperty("type").GetString() == "reply")
                {
                    return root.Clone();
                }

                Assert.Equal("event", root.GetProperty("type").GetString());
                events++;
            }
        }
    }

    [Fact]
    public async Task Every_legacy_command_that_takes_a_path_refuses_to_escape_the_root_for_the_whole_corpus()
    {
        await using var c = await LegacyClient.ConnectAsync(_node.Control, _node.Certificate);
        foreach (var path in Corpus())
        {
            foreach (var command in new[] { "cd", "ls", "mkdir", "get", "put" })
            {
                var text = await c.SendAsync(command, path);
                CheckReply($"{command} {path}", text);
                using var doc = JsonDocument.Parse(text);
                var reply = doc.RootElement;
                if (reply.TryGetProperty("token", out var token) && command == "get")
                {
                    AssertNotSecret($"get {path}", await LegacyClient.DownloadAsync(_node.Transfer, _node.Certificate, text));
                }

                if (command == "cd" && reply.GetProperty("status_code").GetInt32() == 200)
                {
                    CheckReply($"cd {path} then ls", await c.SendAsync("ls", null));
                    await c.SendAsync("cd", "/");
                }

                _ = token;
                AssertOutsideUntouched();
                Restore();
            }
        }

        Assert.Equal(0, _escapes);
    }

    [Fact]
    public async Task A_legacy_transfer_handshake_naming_another_path_still_transfers_only_what_the_token_was_issued_for()
    {
        await File.WriteAllTextAsync(Path.Join(Root, "a.txt"), "inside");
        await using var c = await LegacyClient.ConnectAsync(_node.Control, _node.Certificate);
        var reply = await c.SendAsync("get", "a.txt");
        var forged = reply.Replace("\"/a.txt\"", "\"/../outside/secret.txt\"", StringComparison.Ordinal);
        Assert.NotEqual(reply, forged);

        var bytes = await LegacyClient.DownloadAsync(_node.Transfer, _node.Certificate, forged);

        Assert.Equal("inside", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task A_file_swapped_for_a_symlink_after_get_is_not_read_through_the_link()
    {
        await File.WriteAllTextAsync(Path.Join(Root, "swap.txt"), "inside!");
        await using var c = await RawConnection.OpenAsync(_node.Control, _node.Certificate);
        await c.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        var get = await c.RequestAsync("""{"id":1,"command":"get","path":"swap.txt"}""");
        Assert.Equal(202, get.GetProperty("status").GetInt32());

        File.Delete(Path.Join(Root, "swap.txt"));
        File.CreateSymbolicLink(Path.Join(Root, "swap.txt"), Path.Join(Outside, "secret.txt"));
        var bytes = await RedeemDownloadAsync(get.GetProperty("content").GetProperty("token").GetString()!);

        AssertNotSecret("swapped get", bytes);
        Assert.Equal(0, _escapes);
    }

    [Fact]
    public async Task A_directory_swapped_for_a_symlink_during_an_upload_does_not_receive_the_file()
    {
        Directory.CreateDirectory(Path.Join(Root, "swapdir"));
        await using var c = await RawConnection.OpenAsync(_node.Control, _node.Certificate);
        await c.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
        var put = await c.RequestAsync($$"""{"id":1,"command":"put","path":"swapdir/new.txt","size":5,"sha256":"{{Faults.Sha256(Pwned)}}"}""");
        Assert.Equal(202, put.GetProperty("status").GetInt32());

        Directory.Delete(Path.Join(Root, "swapdir"));
        Directory.CreateSymbolicLink(Path.Join(Root, "swapdir"), Outside);
        await RedeemUploadAsync(put.GetProperty("content").GetProperty("token").GetString()!);

        Assert.False(File.Exists(Path.Join(Outside, "new.txt")), "the upload escaped through a swapped directory");
        AssertOutsideUntouched();
        await Faults.AssertStagingEmptyAsync(Root);
    }
}
