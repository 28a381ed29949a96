using System.Text.Json;
using ActorFs.Actors.Configuration;
using ActorFs.Node.Settings;
using ActorFs.Tests.Client;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.EndToEnd;

/// <summary><c>actorfs-node config</c> as built, and the settings binder's refusals.</summary>
public sealed class NodeConfigurationSpecs : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Executable => Path.Combine(AppContext.BaseDirectory, "actorfs-node");

    private static Task<ProcessRunner.Result> RunNodeAsync(params string[] args) => ProcessRunner.RunAsync(Executable, args, Deadline);

    private static NodeSettings Bind(IReadOnlyDictionary<string, string> flags, string? file = null) =>
        NodeSettings.Bind(NodeConfiguration.Load(file, flags, EnvironmentSources.None));

    [Fact]
    public async Task Config_json_prints_the_resolved_tree_with_flags_over_the_file_over_the_defaults()
    {
        var file = _folder["node.conf"];
        await File.WriteAllTextAsync(file, "actorfs.node.name = \"from-file\"\nactorfs.protocol.max-frame = 128KiB\n");
        var result = await RunNodeAsync("config", "--json", "--config", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var actorfs = doc.RootElement.GetProperty("actorfs");
        Assert.Equal("from-file", actorfs.GetProperty("node").GetProperty("name").GetString());
        Assert.Equal(8080, actorfs.GetProperty("node").GetProperty("control-port").GetInt32());
        Assert.True(actorfs.GetProperty("transfer").TryGetProperty("token-ttl", out _));
    }

    [Fact]
    public async Task Config_only_prints_the_file_alone()
    {
        var file = _folder["only.conf"];
        await File.WriteAllTextAsync(file, "actorfs.node.name = \"lonely\"\n");
        var result = await RunNodeAsync("config", "--json", "--only", "--config", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var node = doc.RootElement.GetProperty("actorfs").GetProperty("node");
        Assert.Equal("lonely", node.GetProperty("name").GetString());
        Assert.False(node.TryGetProperty("control-port", out _));
        Assert.False(doc.RootElement.GetProperty("actorfs").TryGetProperty("transfer", out _));
    }

    [Fact]
    public async Task A_bad_config_file_exits_non_zero_with_a_located_error()
    {
        var file = _folder["bad.conf"];
        await File.WriteAllTextAsync(file, "actorfs {\n  node {\n    name = \"x\"\n    control-port = [\n");
        var result = await RunNodeAsync("config", "--config", file);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bad.conf", result.StandardError);
        Assert.Matches(@"(line|:)\s*\d+", result.StandardError);
        Assert.Empty(result.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_bad_value_in_a_config_file_exits_non_zero_naming_the_key_the_value_and_the_file()
    {
        var file = _folder["port.conf"];
        await File.WriteAllTextAsync(file, "actorfs.node.control-port = 70000\n");
        var result = await RunNodeAsync("config", "--config", file);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("actorfs.node.control-port", result.StandardError);
        Assert.Contains("70000", result.StandardError);
        Assert.Contains("port.conf", result.StandardError);
    }

    [Fact]
    public async Task A_missing_config_file_exits_non_zero()
    {
        var result = await RunNodeAsync("config", "--config", _folder["missing.conf"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("missing.conf", result.StandardError);
    }

    [Theory]
    [InlineData("actorfs.node.control-port", "70000")]
    [InlineData("actorfs.node.transfer-port", "-1")]
    [InlineData("actorfs.transfer.idle-timeout", "-5s")]
    [InlineData("actorfs.transfer.connect-timeout", "-1s")]
    [InlineData("actorfs.protocol.idle-timeout", "-2s")]
    [InlineData("actorfs.log.level", "loud")]
    [InlineData("actorfs.node.bind", "not-an-address")]
    public void Bind_refuses_a_bad_value_naming_the_key_the_value_and_where_it_was_set(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Bind(new Dictionary<string, string> { [key] = value, ["actorfs.node.root"] = _folder.Path }));
        Assert.Contains(key, error.Message);
        Assert.Contains(value.TrimStart('-').TrimEnd('s', 'm'), error.Message);
        Assert.Contains("command line", error.Message);
    }

    [Fact]
    public void Bind_names_the_file_and_line_of_a_bad_value_set_in_a_config_file()
    {
        var file = _folder["level.conf"];
        File.WriteAllText(file, "actorfs {\n  log.level = loud\n}\n");
        var error = Assert.Throws<SettingsException>(() => Bind(new Dictionary<string, string> { ["actorfs.node.root"] = _folder.Path }, file));
        Assert.Contains("actorfs.log.level", error.Message);
        Assert.Contains("loud", error.Message);
        Assert.Contains("level.conf", error.Message);
        Assert.Contains("2", error.Message);
    }
}
