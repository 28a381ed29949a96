using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActorFs.Tests.EndToEnd;

/// <summary>
/// The legacy contract (LEGACY-PROTOCOL.md) against a real node over TLS: the exact bytes the Python client
/// sends, and the exact reply shapes and messages it depends on.
/// </summary>
public sealed class LegacyContractSpecs : IAsyncLifetime
{
    private const string Ok = "{\"status_code\": 200, \"status_message\": \"OK\", \"content\": null}";
    private RunningNode _node = null!;
    private LegacyClient _client = null!;

    public async Task InitializeAsync()
    {
        _node = await RunningNode.StartAsync();
        _client = await LegacyClient.ConnectAsync(_node.Control, _node.Certificate);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _node.DisposeAsync();
    }

    private static string Error(string message) => $"{{\"status_code\": 500, \"status_message\": \"{message}\", \"content\": null}}";

    private static string Content(string content) => $"{{\"status_code\": 200, \"status_message\": \"OK\", \"content\": {content}}}";

    [Fact]
    public async Task Pwd_answers_the_virtual_root_and_cd_mkdir_ls_answer_in_the_documented_shapes()
    {
        Assert.Equal(Content("\"/\""), await _client.SendAsync("pwd", null));
        Assert.Equal(Content("null"), await _client.SendAsync("ls", null));
        Assert.Equal(Ok, await _client.SendAsync("mkdir", "docs"));
        Assert.Equal(Error("Directory already exists"), await _client.SendAsync("mkdir", "docs"));
        Assert.Equal(Ok, await _client.SendAsync("cd", "docs"));
        Assert.Equal(Content("\"/docs\""), await _client.SendAsync("pwd", null));
        Assert.Equal(Ok, await _client.SendAsync("cd", ".."));
        Assert.Equal(Content("\"docs\""), await _client.SendAsync("ls", null));
        Assert.Equal(Error("No such directory"), await _client.SendAsync("cd", "nowhere"));
        Assert.Equal(Ok, await _client.SendAsync("cd", "../../.."));
        Assert.Equal(Content("\"/\""), await _client.SendAsync("pwd", null));
    }

    [Fact]
    public async Task Wrong_arguments_unknown_commands_and_broken_json_get_their_messages_and_the_session_goes_on()
    {
        Assert.Equal(Error("Invalid command or argument(s)"), await _client.SendAsync("cd", null));
        Assert.Equal(Error("Invalid command or argument(s)"), await _client.SendAsync("pwd", "x"));
        Assert.Equal(Error("Invalid command or argument(s)"), await _client.SendAsync("rm", "x"));
        Assert.Equal(Error("Invalid command format, it doesn't respect the protocol"), await _client.SendRawAsync("{\"command\": \"pwd\"}"));
        Assert.Equal(Error("Invalid command format, it doesn't respect the protocol"), await _client.SendRawAsync("[1, 2]"));
        Assert.Equal(Content("\"/\""), await _client.SendAsync("pwd", null));
    }

    [Fact]
    public async Task A_file_is_uploaded_and_downloaded_byte_for_byte_with_the_legacy_handshake()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));

        var putReply = await _client.SendAsync("put", "data.bin");
        Assert.StartsWith("{\"status_code\": 200, \"operation\": \"put\", \"absolute_path\": \"/data.bin\", \"filesize\": null, \"token\": \"", putReply);
        Assert.EndsWith($"\"transfer_port\": {_node.Transfer.Port}, \"sha256sum\": null}}", putReply);
        var echoed = putReply.Replace("\"sha256sum\": null", $"\"sha256sum\": \"{sha}\"", StringComparison.Ordinal);
        Assert.Equal("10101010", await LegacyClient.UploadAsync(_node.Transfer, _node.Certificate, echoed, content));

        await AwaitFileAsync(_node.HostPath("data.bin"), content.Length);
        Assert.Equal(content, await File.ReadAllBytesAsync(_node.HostPath("data.bin")));

        var getReply = await _client.SendAsync("get", "data.bin");
        using var json = JsonDocument.Parse(getReply);
        Assert.Equal(["status_code", "operation", "absolute_path", "filesize", "token", "transfer_port", "sha256sum"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(content.Length, json.RootElement.GetProperty("filesize").GetInt64());
        Assert.Equal(sha, json.RootElement.GetProperty("sha256sum").GetString());
        Assert.Equal(content, await LegacyClient.DownloadAsync(_node.Transfer, _node.Certificate, getReply));

        Assert.Equal(Error("File already exists"), await _client.SendAsync("put", "data.bin"));
        Assert.Equal(Error("No such file"), await _client.SendAsync("get", "missing.bin"));
    }

    [Fact]
    public async Task An_upload_whose_checksum_differs_never_appears_under_its_name()
    {
        var content = Encoding.UTF8.GetBytes("the real bytes");
        var putReply = await _client.SendAsync("put", "liar.txt");
        var echoed = putReply.Replace("\"sha256sum\": null", $"\"sha256sum\": \"{new string('0', 64)}\"", StringComparison.Ordinal);
        await LegacyClient.UploadAsync(_node.Transfer, _node.Certificate, echoed, content);

        // The node reports nothing to a legacy client; the promise is that the name stays free.
        Assert.Equal(Content("null"), await _client.SendAsync("ls", null));
        Assert.False(File.Exists(_node.HostPath("liar.txt")));
    }

    [Fact]
    public async Task A_token_works_once()
    {
        await File.WriteAllTextAsync(_node.HostPath("once.txt"), "once");
        var getReply = await _client.SendAsync("get", "once.txt");
        Assert.Equal("once"u8.ToArray(), await LegacyClient.DownloadAsync(_node.Transfer, _node.Certificate, getReply));
        Assert.Empty(await LegacyClient.DownloadAsync(_node.Transfer, _node.Certificate, getReply));
    }

    private static async Task AwaitFileAsync(string path, long length)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(File.Exists(path) && new FileInfo(path).Length == length))
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
