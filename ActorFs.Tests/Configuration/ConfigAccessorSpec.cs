using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class ConfigAccessorSpec
{
    private static readonly Config Sample = ConfigurationFactory.ParseString(
        """
        node {
          name = alpha
          port = 8080
          big = 9000000000
          ratio = 0.75
          ratioText = "1.5"
          enabled = yes
          disabled = off
          strict = true
          nothing = null
          tags = [a, b, 3]
          nested { x = 1 }
          word = hello
        }
        """,
        EnvironmentSources.None);

    [Fact]
    public void Typed_getters_convert_scalars()
    {
        Assert.Equal("alpha", Sample.GetString("node.name"));
        Assert.Equal(8080, Sample.GetInt("node.port"));
        Assert.Equal(9_000_000_000L, Sample.GetLong("node.big"));
        Assert.Equal(0.75, Sample.GetDouble("node.ratio"));
        Assert.Equal(1.5, Sample.GetDouble("node.ratioText"));
        Assert.Equal("8080", Sample.GetString("node.port"));
        Assert.Equal(["a", "b", "3"], Sample.GetStringList("node.tags"));
    }

    [Theory]
    [InlineData("node.enabled", true)]
    [InlineData("node.disabled", false)]
    [InlineData("node.strict", true)]
    public void Booleans_accept_true_false_yes_no_on_off(string path, bool expected)
    {
        Assert.Equal(expected, Sample.GetBoolean(path));
    }

    [Fact]
    public void Defaults_are_returned_for_missing_and_null_values()
    {
        Assert.Equal("fallback", Sample.GetString("node.missing", "fallback"));
        Assert.Equal(7, Sample.GetInt("node.nothing", 7));
        Assert.True(Sample.GetBoolean("node.missing", true));
        Assert.Equal(TimeSpan.FromSeconds(3), Sample.GetTimeSpan("node.missing", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_missing_key_throws_naming_the_path()
    {
        var error = Assert.Throws<ConfigException>(() => Sample.GetInt("node.missing"));

        Assert.Equal("Configuration path 'node.missing' has no value; expected an int.", error.Message);
        Assert.Equal("node.missing", error.Path);
    }

    [Fact]
    public void A_null_value_counts_as_missing_and_says_where_it_was_set()
    {
        Assert.False(Sample.HasPath("node.nothing"));
        Assert.Contains("null (set at string:10)", Assert.Throws<ConfigException>(() => Sample.GetString("node.nothing")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_value_throws_naming_the_path_origin_value_and_expectation()
    {
        var error = Assert.Throws<ConfigException>(() => Sample.GetInt("node.word"));

        Assert.Equal("Configuration path 'node.word' (set at string:13) has string \"hello\"; expected an int.", error.Message);
        Assert.Equal(new ConfigOrigin("string", 13), error.Origin);
    }

    [Fact]
    public void A_mistyped_value_throws_even_when_a_default_is_given()
    {
        Assert.Throws<ConfigException>(() => Sample.GetBoolean("node.word", false));
    }

    [Fact]
    public void An_int_getter_rejects_fractions_and_overflow()
    {
        Assert.Throws<ConfigException>(() => Sample.GetInt("node.ratio"));
        Assert.Throws<ConfigException>(() => Sample.GetInt("node.big"));
    }

    [Fact]
    public void A_string_getter_rejects_objects_and_a_list_getter_rejects_scalars()
    {
        Assert.Contains("has an object; expected a string", Assert.Throws<ConfigException>(() => Sample.GetString("node.nested")).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => Sample.GetStringList("node.name"));
    }

    [Fact]
    public void Get_config_returns_the_sub_tree_or_an_empty_config()
    {
        Assert.Equal(1, Sample.GetConfig("node.nested").GetInt("x"));
        Assert.True(Sample.GetConfig("node.absent").IsEmpty);
        Assert.True(Sample.GetConfig("node.nothing").IsEmpty);
        Assert.Throws<ConfigException>(() => Sample.GetConfig("node.name"));
    }

    [Fact]
    public void Has_path_is_true_only_for_present_non_null_values()
    {
        Assert.True(Sample.HasPath("node.nested"));
        Assert.True(Sample.HasPath("node.nested.x"));
        Assert.False(Sample.HasPath("node.nested.y"));
        Assert.False(Sample.HasPath("node.name.deeper"));
    }

    [Fact]
    public void With_fallback_fills_the_gaps_and_the_receiver_wins()
    {
        var user = ConfigurationFactory.ParseString("node { port = 9000 }", EnvironmentSources.None);

        var merged = user.WithFallback(Sample);

        Assert.Equal(9000, merged.GetInt("node.port"));
        Assert.Equal("alpha", merged.GetString("node.name"));
        Assert.Equal(8080, Sample.GetInt("node.port"));
    }

    [Fact]
    public void The_empty_config_is_empty()
    {
        Assert.True(ConfigurationFactory.Empty.IsEmpty);
        Assert.False(Sample.IsEmpty);
    }

    [Fact]
    public void Paths_with_quoted_keys_reach_keys_that_contain_dots()
    {
        var config = ConfigurationFactory.ParseString("hosts { \"example.org\" = 1 }", EnvironmentSources.None);

        Assert.Equal(1, config.GetInt("hosts.\"example.org\""));
    }

    [Fact]
    public void Root_is_a_read_only_tree_of_objects_arrays_and_scalars_in_written_order()
    {
        var node = Assert.IsType<HoconObject>(Sample.Root.Fields["node"]);

        Assert.True(Sample.Root.IsResolved);
        Assert.Equal(["name", "port", "big"], node.Keys.Take(3));
        Assert.IsType<HoconArray>(node.Fields["tags"]);
        Assert.False(node.Fields is IDictionary<string, HoconValue> { IsReadOnly: false });
    }
}
