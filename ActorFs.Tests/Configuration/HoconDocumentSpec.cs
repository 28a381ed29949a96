using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class HoconDocumentSpec
{
    private const string Defaults =
        """
        actorfs {
          port = 8080
          port = ${?ACTORFS_PORT}
          root = /srv/files
          root = ${?ACTORFS_ROOT}
          throughput = 30
          paths = [/a]
          banner = "port "${actorfs.port}
        }
        """;

    private static Config Layered(
        string file,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> flags)
    {
        var defaults = HoconDocument.Parse(Defaults, "node.conf");
        return HoconDocument.FromPairs(flags, "command line")
            .WithFallback(defaults.EnvironmentOverrides())
            .WithFallback(HoconDocument.Parse(file, "user.conf"))
            .WithFallback(defaults)
            .Resolve(EnvironmentSources.From(environment));
    }

    [Fact]
    public void Parsing_does_not_resolve_and_resolve_returns_a_config()
    {
        var document = HoconDocument.Parse("a = ${b}");

        Assert.False(document.Root.IsResolved);
        Assert.Throws<ConfigException>(() => document.Resolve(EnvironmentSources.None));
        Assert.Equal(1, HoconDocument.Parse("b = 1").WithFallback(document).Resolve(EnvironmentSources.None).GetInt("a"));
    }

    [Fact]
    public void Substitutions_resolve_over_the_merged_documents()
    {
        var user = HoconDocument.Parse("actorfs.port = 9000", "user.conf");

        var config = user.WithFallback(HoconDocument.Parse(Defaults, "node.conf")).Resolve(EnvironmentSources.None);

        Assert.Equal("port 9000", config.GetString("actorfs.banner"));
    }

    [Fact]
    public void A_user_file_can_extend_a_default_list_with_a_self_reference()
    {
        var user = HoconDocument.Parse("actorfs.paths = ${actorfs.paths} [/b]\nactorfs.paths += /c", "user.conf");

        var config = user.WithFallback(HoconDocument.Parse(Defaults, "node.conf")).Resolve(EnvironmentSources.None);

        Assert.Equal(["/a", "/b", "/c"], config.GetStringList("actorfs.paths"));
    }

    [Fact]
    public void Defaults_apply_when_nothing_overrides_them()
    {
        var config = Layered("", new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal(8080, config.GetInt("actorfs.port"));
        Assert.Equal(new ConfigOrigin("node.conf", 2), config.GetValue("actorfs.port")!.Origin);
    }

    [Fact]
    public void The_config_file_beats_the_defaults()
    {
        var config = Layered("actorfs.port = 9000", new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal(9000, config.GetInt("actorfs.port"));
        Assert.Equal("port 9000", config.GetString("actorfs.banner"));
    }

    [Fact]
    public void An_environment_override_declared_in_the_defaults_beats_the_config_file()
    {
        var config = Layered(
            "actorfs.port = 9000\nactorfs.root = /data",
            new Dictionary<string, string> { ["ACTORFS_PORT"] = "7000" },
            new Dictionary<string, string>());

        Assert.Equal(7000, config.GetInt("actorfs.port"));
        Assert.Equal("/data", config.GetString("actorfs.root"));
    }

    [Fact]
    public void A_command_line_flag_beats_the_environment()
    {
        var config = Layered(
            "actorfs.port = 9000",
            new Dictionary<string, string> { ["ACTORFS_PORT"] = "7000" },
            new Dictionary<string, string> { ["actorfs.port"] = "6000" });

        Assert.Equal(6000, config.GetInt("actorfs.port"));
        Assert.Equal("command line (actorfs.port)", config.GetValue("actorfs.port")!.Origin.ToString());
    }

    [Fact]
    public void Environment_overrides_hold_only_the_env_declarations()
    {
        var overrides = HoconDocument.Parse(Defaults + "\nother = ${?actorfs.port}").EnvironmentOverrides();

        var resolved = overrides.Resolve(EnvironmentSources.From(new Dictionary<string, string> { ["ACTORFS_ROOT"] = "/r" }));

        Assert.Equal("{\"actorfs\":{\"root\":\"/r\"}}", resolved.ToJson(indented: false));
    }

    [Fact]
    public void With_fallback_does_not_change_either_document()
    {
        var first = HoconDocument.Parse("a { x = 1 }");
        var second = HoconDocument.Parse("a { y = 2 }");

        _ = first.WithFallback(second);

        Assert.Equal("{\"a\":{\"x\":1}}", first.Resolve(EnvironmentSources.None).ToJson(indented: false));
        Assert.Equal("{\"a\":{\"y\":2}}", second.Resolve(EnvironmentSources.None).ToJson(indented: false));
    }

    [Fact]
    public void A_resource_is_parsed_with_its_name_as_origin()
    {
        var assembly = new ResourceAssembly("app.conf", "a = 1\nb = ${a}");

        var config = ConfigurationFactory.FromResource(assembly, "app.conf", EnvironmentSources.None);

        Assert.Equal(1, config.GetInt("b"));
        Assert.Equal(new ConfigOrigin("app.conf", 1), config.GetValue("a")!.Origin);
    }

    [Fact]
    public void A_missing_resource_fails()
    {
        Assert.Throws<ConfigException>(() => HoconDocument.FromResource(new ResourceAssembly("x", ""), "missing.conf"));
    }

    [Fact]
    public void Loading_a_missing_file_fails_naming_it()
    {
        Assert.Contains("nowhere.conf", Assert.Throws<ConfigException>(() => HoconDocument.Load("/nowhere/nowhere.conf")).Message, StringComparison.Ordinal);
    }

    private sealed class ResourceAssembly(string name, string text) : System.Reflection.Assembly
    {
        public override Stream? GetManifestResourceStream(string resourceName) =>
            resourceName == name ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) : null;

        public override System.Reflection.AssemblyName GetName() => new("ResourceAssembly");
    }
}
