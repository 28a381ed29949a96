using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class IncludeSpec : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorfs-hocon-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Config Load(string path) => ConfigurationFactory.Load(path, EnvironmentSources.None);

    [Fact]
    public void An_include_merges_the_file_at_the_position_of_the_including_object()
    {
        Write("sub/extra.conf", "x = 1\ny = 2");
        var main = Write("main.conf", "a { include \"sub/extra.conf\"\n  y = 3 }\ninclude file(\"sub/extra.conf\")");

        var config = Load(main);

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(3, config.GetInt("a.y"));
        Assert.Equal(2, config.GetInt("y"));
    }

    [Fact]
    public void Nested_includes_are_relative_to_the_including_file()
    {
        Write("one/two/leaf.conf", "leaf = true");
        Write("one/middle.conf", "include \"two/leaf.conf\"");
        var main = Write("main.conf", "include \"one/middle.conf\"");

        Assert.True(Load(main).GetBoolean("leaf"));
    }

    [Fact]
    public void Substitutions_in_an_included_file_are_relative_to_where_it_is_included()
    {
        Write("db.conf", "host = localhost\nurl = \"jdbc://\"${host}");
        var main = Write("main.conf", "db { include \"db.conf\" }\ndb.host = example.org");

        Assert.Equal("jdbc://example.org", Load(main).GetString("db.url"));
    }

    [Fact]
    public void A_name_without_extension_merges_conf_over_json_over_properties()
    {
        Write("app.conf", "a = conf");
        Write("app.json", "{ \"a\": \"json\", \"b\": \"json\" }");
        Write("app.properties", "b = props\nc.d = props\n# comment");
        var main = Write("main.conf", "include \"app\"");

        var config = Load(main);

        Assert.Equal("conf", config.GetString("a"));
        Assert.Equal("json", config.GetString("b"));
        Assert.Equal("props", config.GetString("c.d"));
    }

    [Fact]
    public void A_missing_optional_include_is_ignored()
    {
        var main = Write("main.conf", "include \"nowhere.conf\"\na = 1");

        Assert.Equal(1, Load(main).GetInt("a"));
    }

    [Fact]
    public void A_missing_required_include_fails_with_the_including_location()
    {
        var main = Write("main.conf", "a = 1\ninclude required(file(\"nowhere.conf\"))");

        var error = Assert.Throws<ConfigException>(() => Load(main));

        Assert.StartsWith($"{main}:2: required include \"nowhere.conf\" was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_include_that_exists_is_loaded()
    {
        Write("there.conf", "b = 2");
        var main = Write("main.conf", "include required( \"there.conf\" )");

        Assert.Equal(2, Load(main).GetInt("b"));
    }

    [Theory]
    [InlineData("include url(\"http://example.org/a.conf\")", "include url(")]
    [InlineData("include classpath(\"a.conf\")", "include classpath(")]
    public void Url_and_classpath_includes_are_rejected_with_a_clear_message(string text, string expected)
    {
        var main = Write("main.conf", text);

        var error = Assert.Throws<HoconParseException>(() => Load(main));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_include_cycle_fails()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");

        Assert.Contains("include cycle", Assert.Throws<ConfigException>(() => Load(Path.Combine(_folder, "a.conf"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_in_an_included_file_name_that_file()
    {
        var broken = Write("broken.conf", "x = [");
        var main = Write("main.conf", "include \"broken.conf\"");

        Assert.StartsWith($"{broken}:1:6:", Assert.Throws<HoconParseException>(() => Load(main)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_remember_the_included_file_and_line_they_came_from()
    {
        var extra = Write("extra.conf", "\n\nx = 1");
        var main = Write("main.conf", "include \"extra.conf\"");

        Assert.Equal(new ConfigOrigin(extra, 3), Load(main).GetValue("x")!.Origin);
    }

    [Fact]
    public void Include_as_a_quoted_key_is_an_ordinary_field()
    {
        Assert.Equal(1, ConfigurationFactory.ParseString("\"include\" = 1", EnvironmentSources.None).GetInt("include"));
    }

    [Fact]
    public void An_unquoted_include_followed_by_anything_but_a_file_name_fails()
    {
        var error = Assert.Throws<HoconParseException>(() => HoconDocument.Parse("include = 5", "node.conf"));

        Assert.StartsWith("node.conf:1:9: expected a quoted file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newlines_may_separate_include_from_its_file_name()
    {
        Write("x.conf", "x = 1");
        var main = Write("main.conf", "include\n  \"x.conf\"\ny = 2");

        var config = Load(main);

        Assert.Equal(1, config.GetInt("x"));
        Assert.Equal(2, config.GetInt("y"));
    }

    [Fact]
    public void A_substitution_in_an_included_file_falls_back_to_the_root_path()
    {
        Write("child.conf", "greeting = ${name}");
        var main = Write("main.conf", "name = root\nsub { include \"child.conf\" }");

        Assert.Equal("root", Load(main).GetString("sub.greeting"));
    }

    [Fact]
    public void In_an_included_properties_file_an_object_wins_over_a_value_at_the_same_key()
    {
        Write("p.properties", "a.b.c = 1\na.b = 2\nx = 3\nx.y = 4");
        var main = Write("main.conf", "include \"p.properties\"");

        var config = Load(main);

        Assert.Equal("1", config.GetString("a.b.c"));
        Assert.Equal("4", config.GetString("x.y"));
    }

    [Fact]
    public void Includes_in_parsed_text_are_relative_to_the_given_base_directory()
    {
        Write("base.conf", "b = 1");

        var config = HoconDocument.Parse("include \"base.conf\"", "inline", _folder).Resolve(EnvironmentSources.None);

        Assert.Equal(1, config.GetInt("b"));
    }
}
