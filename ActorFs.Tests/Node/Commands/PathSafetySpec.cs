using ActorFs.Node.Commands;

namespace ActorFs.Tests.Node.Commands;

/// <summary>Traversal, absolute paths, NUL and the node's internal folder, through commands of both protocols.</summary>
public sealed class PathSafetySpec : IDisposable
{
    private const string InvalidArgs = """{"status_code": 500, "status_message": "Invalid command or argument(s)", "content": null}""";
    private const string NoSuchDirectory = """{"status_code": 500, "status_message": "No such directory", "content": null}""";
    private const string NoSuchFile = """{"status_code": 500, "status_message": "No such file", "content": null}""";

    private readonly CommandsFixture _f = new();

    public PathSafetySpec() => _f.Store.BeginUpload(new ActorFs.Node.Storage.UploadIntent(ActorFs.Node.Storage.VirtualPath.Parse("/staged.bin"))).Dispose();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("../../..")]
    [InlineData("/..")]
    public async Task Dot_dot_stops_at_the_root(string path)
    {
        Assert.Equal("""{"status_code": 200, "status_message": "OK", "content": null}""", await _f.LegacyAsync("cd", path));
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
    }

    [Fact]
    public async Task Absolute_paths_are_rooted_at_the_virtual_root()
    {
        _f.Temp.WriteFile("etc/passwd", "not the host's");
        Directory.CreateDirectory(_f.Temp.HostPath("a/b"));
        await _f.LegacyAsync("cd", "a/b");

        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "get", "argument": "/etc/passwd"}"""));
        Assert.Equal("/etc/passwd", start.Plan.Path.Value);

        var traversal = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync("""{"command": "get", "argument": "../../../../etc/passwd"}"""));
        Assert.Equal("/etc/passwd", traversal.Plan.Path.Value);
    }

    [Fact]
    public async Task A_sibling_folder_sharing_the_roots_prefix_is_unreachable()
    {
        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "../data2/secret.txt"));
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("ls", "../data2"));
    }

    [Fact]
    public async Task A_symbolic_link_out_of_the_root_is_refused()
    {
        File.CreateSymbolicLink(_f.Temp.HostPath("out"), _f.Temp.Outside);
        File.CreateSymbolicLink(_f.Temp.HostPath("secret"), Path.Join(_f.Temp.Outside, "secret.txt"));

        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("cd", "out"));
        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "secret"));
        await _f.HelloAsync();
        V2Reply.AssertError(await _f.V2Async("""{"id":1,"command":"ls","path":"out"}"""), 403, "forbidden");
        V2Reply.AssertError(await _f.V2Async("""{"id":2,"command":"get","path":"secret"}"""), 403, "forbidden");
    }

    [Theory]
    [InlineData("cd")]
    [InlineData("ls")]
    [InlineData("mkdir")]
    [InlineData("get")]
    [InlineData("put")]
    public async Task A_legacy_path_with_a_nul_or_control_character_is_an_invalid_argument(string command)
    {
        Assert.Equal(InvalidArgs, await _f.LegacyAsync(command, "a\0b"));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync(command, "a\u001bb"));
    }

    [Theory]
    [InlineData("""{"id":1,"command":"cd","path":"a\u0000b"}""")]
    [InlineData("""{"id":1,"command":"stat","path":"a\nb"}""")]
    [InlineData("""{"id":1,"command":"mkdir","path":"a\u0000"}""")]
    [InlineData("""{"id":1,"command":"put","path":"\u0000","size":1}""")]
    public async Task A_v2_path_with_a_nul_or_control_character_is_a_bad_request_naming_the_field(string request)
    {
        await _f.HelloAsync();

        var reply = await _f.V2Async(request);

        V2Reply.AssertError(reply, 400, "bad_request", "path");
        Assert.DoesNotContain(_f.Temp.Root, reply.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_longer_than_255_bytes_is_refused()
    {
        var name = new string('a', 256);

        Assert.Equal(InvalidArgs, await _f.LegacyAsync("mkdir", name));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("put", name));
        await _f.HelloAsync();
        V2Reply.AssertError(await _f.V2Async($$"""{"id":1,"command":"mkdir","path":"{{name}}"}"""), 400, "bad_request", "path");
    }

    [Fact]
    public async Task The_internal_folder_is_invisible_to_legacy_commands()
    {
        Assert.True(Directory.Exists(_f.Temp.HostPath(".actorfs/staging")));

        Assert.Equal("""{"status_code": 200, "status_message": "OK", "content": null}""", await _f.LegacyAsync("ls", null));
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("cd", "/.actorfs"));
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("ls", ".actorfs/staging"));
        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "/.actorfs/staging"));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("mkdir", "/.actorfs/x"));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("mkdir", ".actorfs"));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("put", ".actorfs"));
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
    }

    [Theory]
    [InlineData("""{"id":1,"command":"cd","path":"/.actorfs"}""", 404)]
    [InlineData("""{"id":1,"command":"ls","path":"/.actorfs/staging"}""", 404)]
    [InlineData("""{"id":1,"command":"stat","path":"/.actorfs"}""", 404)]
    [InlineData("""{"id":1,"command":"sha256","path":"/.actorfs/staging"}""", 404)]
    [InlineData("""{"id":1,"command":"get","path":"/.actorfs/staging"}""", 404)]
    [InlineData("""{"id":1,"command":"rm","path":"/.actorfs"}""", 404)]
    [InlineData("""{"id":1,"command":"rmdir","path":"/.actorfs/staging"}""", 404)]
    [InlineData("""{"id":1,"command":"mv","from":"/.actorfs","to":"/x"}""", 404)]
    [InlineData("""{"id":1,"command":"mkdir","path":"/.actorfs/new"}""", 403)]
    [InlineData("""{"id":1,"command":"put","path":"/.actorfs/x","size":1}""", 403)]
    [InlineData("""{"id":1,"command":"put","path":"/.actorfs","size":1,"overwrite":true}""", 403)]
    public async Task The_internal_folder_is_unaddressable_through_v2_commands(string request, int status)
    {
        Directory.CreateDirectory(_f.Temp.HostPath("x"));
        await _f.HelloAsync();

        var reply = await _f.V2Async(request);

        Assert.Equal(status, reply.GetProperty("status").GetInt32());
        Assert.True(Directory.Exists(_f.Temp.HostPath(".actorfs/staging")));
    }

    [Fact]
    public async Task The_internal_folder_is_left_out_of_v2_listings()
    {
        _f.Temp.WriteFile("visible", "v");
        await _f.HelloAsync();

        var entries = V2Reply.Content(await _f.V2Async("""{"id":1,"command":"ls","path":"/"}""")).GetProperty("entries");

        Assert.Equal(["visible"], entries.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Error_messages_name_virtual_paths_only()
    {
        _f.Temp.WriteFile("full/x", "x");
        await _f.HelloAsync();

        var replies = new[]
        {
            await _f.V2Async("""{"id":1,"command":"rmdir","path":"full"}"""),
            await _f.V2Async("""{"id":2,"command":"stat","path":"nope"}"""),
            await _f.V2Async("""{"id":3,"command":"mkdir","path":"full"}"""),
        };

        foreach (var reply in replies)
        {
            Assert.DoesNotContain(_f.Temp.Base, reply.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Contains("/full", replies[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
