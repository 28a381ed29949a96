using ActorFs.Messages;
using ActorFs.Node.Commands;

namespace ActorFs.Tests.Node.Commands;

public sealed class LegacyCommandsSpec : IDisposable
{
    private const string Ok = """{"status_code": 200, "status_message": "OK", "content": null}""";
    private const string InvalidArgs = """{"status_code": 500, "status_message": "Invalid command or argument(s)", "content": null}""";
    private const string InvalidFormat = """{"status_code": 500, "status_message": "Invalid command format, it doesn't respect the protocol", "content": null}""";
    private const string NoSuchDirectory = """{"status_code": 500, "status_message": "No such directory", "content": null}""";
    private const string DirectoryExists = """{"status_code": 500, "status_message": "Directory already exists", "content": null}""";
    private const string FileExists = """{"status_code": 500, "status_message": "File already exists", "content": null}""";
    private const string NoSuchFile = """{"status_code": 500, "status_message": "No such file", "content": null}""";

    private readonly CommandsFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Pwd_answers_the_root_for_a_new_session()
    {
        Assert.Equal("""{"status_code": 200, "status_message": "OK", "content": "/"}""", await _f.LegacyAsync("pwd", null));
        Assert.Equal(ProtocolMode.Legacy, _f.State.Mode);
    }

    [Fact]
    public async Task Pwd_with_an_argument_is_an_invalid_argument() =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("pwd", "x"));

    [Fact]
    public async Task Cd_changes_the_working_directory_and_pwd_shows_it()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("docs/sub"));

        Assert.Equal(Ok, await _f.LegacyAsync("cd", "docs"));
        Assert.Equal(Ok, await _f.LegacyAsync("cd", "sub/../sub"));

        Assert.Equal("""{"status_code": 200, "status_message": "OK", "content": "/docs/sub"}""", await _f.LegacyAsync("pwd", null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Cd_without_a_path_is_an_invalid_argument(string? argument)
    {
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("cd", argument));
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
    }

    [Fact]
    public async Task Cd_into_a_file_or_a_missing_directory_is_no_such_directory()
    {
        _f.Temp.WriteFile("a.txt", "a");

        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("cd", "a.txt"));
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("cd", "missing"));
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
    }

    [Fact]
    public async Task Ls_lists_names_in_ordinal_order_hidden_included_without_a_trailing_newline()
    {
        _f.Temp.WriteFile("b.txt", "b");
        _f.Temp.WriteFile(".hidden", "h");
        _f.Temp.WriteFile("bé.txt", "x");
        Directory.CreateDirectory(_f.Temp.HostPath("a-dir"));

        Assert.Equal(
            """{"status_code": 200, "status_message": "OK", "content": ".hidden\na-dir\nb.txt\nb\u00e9.txt"}""",
            await _f.LegacyAsync("ls", null));
    }

    [Fact]
    public async Task Ls_of_an_empty_directory_has_null_content() =>
        Assert.Equal(Ok, await _f.LegacyAsync("ls", null));

    [Fact]
    public async Task Ls_takes_a_path_relative_to_the_working_directory()
    {
        _f.Temp.WriteFile("docs/sub/x", "x");
        await _f.LegacyAsync("cd", "docs");

        Assert.Equal("""{"status_code": 200, "status_message": "OK", "content": "x"}""", await _f.LegacyAsync("ls", "sub"));
    }

    [Fact]
    public async Task Ls_of_a_file_or_a_missing_path_is_no_such_directory()
    {
        _f.Temp.WriteFile("a.txt", "a");

        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("ls", "a.txt"));
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("ls", "nope"));
    }

    [Fact]
    public async Task Ls_with_an_empty_argument_is_an_invalid_argument() =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("ls", ""));

    [Fact]
    public async Task Ls_of_a_huge_directory_is_cut_to_fit_4096_bytes_and_says_how_many_were_left_out()
    {
        for (var i = 0; i < 3000; i++)
        {
            File.WriteAllBytes(_f.Temp.HostPath($"file-{i:D5}.dat"), []);
        }

        var reply = await _f.LegacyAsync("ls", null);

        Assert.True(reply.Length <= 4096, $"{reply.Length} bytes");
        Assert.StartsWith("""{"status_code": 200, "status_message": "OK", "content": "file-00000.dat\nfile-00001.dat""", reply, StringComparison.Ordinal);
        var lines = reply[(reply.IndexOf("\"content\": \"", StringComparison.Ordinal) + 12)..^2].Split("\\n");
        var shown = lines.Length - 1;
        Assert.Equal($"({3000 - shown} more entries not shown)", lines[^1]);
        Assert.Equal($"file-{shown - 1:D5}.dat", lines[^2]);
        Assert.True(reply.Length > 4096 - 20, "the listing should fill the reply");
    }

    [Fact]
    public async Task Mkdir_creates_one_level()
    {
        Assert.Equal(Ok, await _f.LegacyAsync("mkdir", "new"));
        Assert.True(Directory.Exists(_f.Temp.HostPath("new")));

        Assert.Equal(Ok, await _f.LegacyAsync("mkdir", "new/inner"));
        Assert.True(Directory.Exists(_f.Temp.HostPath("new/inner")));
    }

    [Fact]
    public async Task Mkdir_of_an_existing_name_is_directory_already_exists()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("d"));
        _f.Temp.WriteFile("f", "f");

        Assert.Equal(DirectoryExists, await _f.LegacyAsync("mkdir", "d"));
        Assert.Equal(DirectoryExists, await _f.LegacyAsync("mkdir", "f"));
        Assert.Equal(DirectoryExists, await _f.LegacyAsync("mkdir", "/"));
    }

    [Fact]
    public async Task Mkdir_whose_parent_is_missing_is_no_such_directory()
    {
        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("mkdir", "a/b"));
        Assert.False(Directory.Exists(_f.Temp.HostPath("a")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Mkdir_without_a_path_is_an_invalid_argument(string? argument) =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("mkdir", argument));

    [Fact]
    public async Task Get_of_a_directory_or_a_missing_file_is_no_such_file()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("d"));

        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "d"));
        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "missing.txt"));
        Assert.Equal(NoSuchFile, await _f.LegacyAsync("get", "/"));
    }

    [Theory]
    [InlineData("get", null)]
    [InlineData("get", "")]
    [InlineData("put", null)]
    [InlineData("put", "")]
    public async Task Transfers_without_an_argument_are_invalid(string command, string? argument) =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync(command, argument));

    [Fact]
    public async Task Put_of_an_existing_name_is_file_already_exists()
    {
        _f.Temp.WriteFile("a.txt", "a");
        Directory.CreateDirectory(_f.Temp.HostPath("d"));

        Assert.Equal(FileExists, await _f.LegacyAsync("put", "a.txt"));
        Assert.Equal(FileExists, await _f.LegacyAsync("put", "d"));
    }

    [Theory]
    [InlineData("sub/a.txt")]
    [InlineData("/a.txt")]
    [InlineData("..")]
    [InlineData(".")]
    public async Task Put_takes_a_file_name_not_a_path(string argument) =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("put", argument));

    [Fact]
    public async Task Put_into_a_working_directory_that_was_removed_is_no_such_directory()
    {
        Directory.CreateDirectory(_f.Temp.HostPath("gone"));
        await _f.LegacyAsync("cd", "gone");
        Directory.Delete(_f.Temp.HostPath("gone"));

        Assert.Equal(NoSuchDirectory, await _f.LegacyAsync("put", "a.txt"));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("PWD")]
    [InlineData("rm")]
    [InlineData("")]
    public async Task An_unknown_command_is_an_invalid_command(string command) =>
        Assert.Equal(InvalidArgs, await _f.LegacyAsync(command, null));

    [Theory]
    [InlineData("""{"command": "pwd"}""")]
    [InlineData("""{"argument": null}""")]
    [InlineData("""{"command": 1, "argument": null}""")]
    [InlineData("""{"command": "ls", "argument": 5}""")]
    [InlineData("""{"command": "ls", "argument": ["a"]}""")]
    [InlineData("""["pwd", null]""")]
    [InlineData("\"pwd\"")]
    [InlineData("""{"command": "pwd", "argument": }""")]
    [InlineData("""{'command': 'pwd', 'argument': null}""")]
    public async Task A_frame_that_is_not_a_legacy_request_is_an_invalid_format(string frame) =>
        Assert.Equal(InvalidFormat, await _f.ReplyAsync(frame));

    [Fact]
    public async Task Extra_keys_and_whitespace_are_accepted() =>
        Assert.Equal(
            """{"status_code": 200, "status_message": "OK", "content": "/"}""",
            await _f.ReplyAsync("{\n  \"command\" : \"pwd\",\n  \"argument\" : null,\n  \"extra\": [1, 2]\n}"));

    [Theory]
    [InlineData(FrameStatus.TooLarge, FrameError.None)]
    [InlineData(FrameStatus.Malformed, FrameError.Garbage)]
    [InlineData(FrameStatus.Malformed, FrameError.InvalidUtf8)]
    public void A_refused_frame_is_an_invalid_format(FrameStatus status, FrameError error)
    {
        var reply = Assert.IsType<CommandOutcome.Reply>(_f.Commands.HandleBadFrame(status, error));
        Assert.Equal(InvalidFormat, CommandsFixture.Text(reply.Bytes));
    }

    [Fact]
    public async Task Cd_refuses_a_directory_whose_pwd_reply_would_not_fit_4096_bytes()
    {
        // 20 levels of 60 characters that each escape to 6 bytes: the path is short for the store but its legacy reply is not.
        var segment = new string('é', 60);
        var path = string.Join('/', Enumerable.Repeat(segment, 20));
        Directory.CreateDirectory(_f.Temp.HostPath(path));

        Assert.Equal(InvalidArgs, await _f.LegacyAsync("cd", path));
        Assert.Equal("/", _f.State.WorkingDirectory.Value);
        Assert.Equal(Ok, await _f.LegacyAsync("cd", string.Join('/', Enumerable.Repeat(segment, 5))));
    }

    [Fact]
    public async Task Get_and_put_refuse_a_path_whose_transfer_reply_would_not_fit_4096_bytes()
    {
        var segment = new string('é', 60);
        var directory = string.Join('/', Enumerable.Repeat(segment, 10));
        _f.Temp.WriteFile(directory + "/" + segment, "x");
        await _f.LegacyAsync("cd", directory);

        Assert.Equal(InvalidArgs, await _f.LegacyAsync("get", segment));
        Assert.Equal(InvalidArgs, await _f.LegacyAsync("put", "new-" + segment));
    }
}
