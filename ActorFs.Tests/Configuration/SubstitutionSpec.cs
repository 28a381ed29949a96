using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class SubstitutionSpec
{
    private static Config Parse(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigurationFactory.ParseString(text, environment is null ? EnvironmentSources.None : EnvironmentSources.From(environment));

    [Fact]
    public void A_substitution_copies_the_value_at_its_path_keeping_its_type()
    {
        var config = Parse("a.b = 42\nc = ${a.b}\nd = ${a}");

        Assert.Equal(HoconScalarKind.Number, Assert.IsType<HoconScalar>(config.GetValue("c")).Kind);
        Assert.Equal(42, config.GetInt("d.b"));
    }

    [Fact]
    public void A_substitution_may_point_forward()
    {
        Assert.Equal("x", Parse("a = ${b}\nb = x").GetString("a"));
    }

    [Fact]
    public void A_substitution_sees_the_final_value_of_a_key_set_twice()
    {
        Assert.Equal(2, Parse("a = 1\nb = ${a}\na = 2").GetInt("b"));
    }

    [Fact]
    public void Substitutions_concatenate_with_strings()
    {
        Assert.Equal("/opt/app/bin", Parse("root = /opt/app\nbin = ${root}\"/bin\"").GetString("bin"));
    }

    [Fact]
    public void A_self_referential_substitution_appends_to_the_earlier_value()
    {
        var config = Parse("path = \"/usr/bin\"\npath = ${path}\":/opt/bin\"");

        Assert.Equal("/usr/bin:/opt/bin", config.GetString("path"));
    }

    [Fact]
    public void A_self_referential_optional_substitution_starts_from_nothing_when_there_is_no_earlier_value()
    {
        var config = Parse("a = ${?a} [3]\nb = [1, 2]\nb = ${?b} [3]");

        Assert.Equal(["3"], config.GetStringList("a"));
        Assert.Equal(["1", "2", "3"], config.GetStringList("b"));
    }

    [Fact]
    public void Self_references_stack_over_several_definitions()
    {
        var config = Parse("a = [1]\na = ${a} [2]\na = ${a} [3]\nx { p = a }\nx { p = ${x.p}b }");

        Assert.Equal(["1", "2", "3"], config.GetStringList("a"));
        Assert.Equal("ab", config.GetString("x.p"));
    }

    [Fact]
    public void An_object_merged_over_a_substitution_keeps_the_substituted_fields()
    {
        var config = Parse("base { x = 1, y = 1 }\nderived = ${base}\nderived { y = 2 }");

        Assert.Equal(1, config.GetInt("derived.x"));
        Assert.Equal(2, config.GetInt("derived.y"));
    }

    [Fact]
    public void A_substitution_overridden_by_a_later_scalar_is_never_evaluated()
    {
        Assert.Equal(1, Parse("a = ${missing}\na = 1").GetInt("a"));
    }

    [Fact]
    public void An_optional_substitution_to_nothing_removes_the_field()
    {
        var config = Parse("a = ${?nothing}\nb = ${?a}");

        Assert.True(config.IsEmpty);
    }

    [Fact]
    public void An_optional_substitution_to_nothing_keeps_the_earlier_value()
    {
        Assert.Equal(8080, Parse("port = 8080\nport = ${?ACTORFS_PORT}").GetInt("port"));
    }

    [Fact]
    public void An_optional_substitution_falls_back_to_an_environment_variable()
    {
        var config = Parse("port = 8080\nport = ${?ACTORFS_PORT}", new Dictionary<string, string> { ["ACTORFS_PORT"] = "9000" });

        Assert.Equal(9000, config.GetInt("port"));
        Assert.Equal("env ACTORFS_PORT", config.GetValue("port")!.Origin.ToString());
    }

    [Fact]
    public void A_required_substitution_also_falls_back_to_an_environment_variable()
    {
        Assert.Equal("/home/me", Parse("home = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/home/me" }).GetString("home"));
    }

    [Fact]
    public void The_tree_wins_over_the_environment()
    {
        Assert.Equal("tree", Parse("HOME = tree\nh = ${HOME}", new Dictionary<string, string> { ["HOME"] = "env" }).GetString("h"));
    }

    [Fact]
    public void A_missing_required_substitution_fails_naming_its_origin_and_path()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("a = 1\nb = ${nope.x}"));

        Assert.StartsWith("string:2: could not resolve substitution ${nope.x}", error.Message, StringComparison.Ordinal);
        Assert.Equal("nope.x", error.Path);
        Assert.Equal(new ConfigOrigin("string", 2), error.Origin);
    }

    [Fact]
    public void A_cycle_between_substitutions_fails_with_its_location()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("a = ${b}\nb = ${c}\nc = ${a}"));

        Assert.Contains("cycle in substitutions", error.Message, StringComparison.Ordinal);
        Assert.Contains("string:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_self_reference_without_an_earlier_value_fails()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("a = ${a}\":x\""));

        Assert.Contains("refers to the field being defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_containing_a_substitution_of_itself_fails()
    {
        Assert.Throws<ConfigException>(() => Parse("a { b = ${a} }"));
    }

    [Fact]
    public void Concatenating_a_string_with_an_array_fails_with_its_origin()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("list = [1]\nx = foo ${list}"));

        Assert.StartsWith("string:2: cannot concatenate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitutions_inside_arrays_and_quoted_path_segments_resolve()
    {
        var config = Parse("\"a.b\" { c = 1 }\nlist = [${\"a.b\".c}, ${?none}, 2]");

        Assert.Equal(["1", "2"], config.GetStringList("list"));
    }

    [Fact]
    public void Plus_equals_accumulates_across_repeated_nested_objects()
    {
        var config = Parse("a { b += 1 }\na { b += 2 }\nx { list = [0] }\nx { list += 1 }\nx.list += 2");

        Assert.Equal(["1", "2"], config.GetStringList("a.b"));
        Assert.Equal(["0", "1", "2"], config.GetStringList("x.list"));
    }

    [Fact]
    public void A_reader_of_a_self_referential_field_sees_its_final_value()
    {
        var config = Parse("a = 1\na = ${a}2\nb = ${a}\na = ${a}3");

        Assert.Equal("123", config.GetString("a"));
        Assert.Equal("123", config.GetString("b"));
    }

    [Fact]
    public void A_self_referential_object_can_read_its_own_earlier_fields()
    {
        var config = Parse("a = { p = 1 }\na = ${a} { q = ${a.p} }");

        Assert.Equal(1, config.GetInt("a.p"));
        Assert.Equal(1, config.GetInt("a.q"));
    }

    [Fact]
    public void Whitespace_between_substitutions_is_kept_in_a_string()
    {
        Assert.Equal("1 1", Parse("a = 1\nb = ${a} ${a}").GetString("b"));
    }

    [Fact]
    public void A_null_substitution_becomes_an_empty_string_in_a_concatenation()
    {
        var config = Parse("n = null\na = x${n}y\nb = ${n}");

        Assert.Equal("xy", config.GetString("a"));
        Assert.False(config.HasPath("b"));
    }

    [Fact]
    public void A_null_in_the_tree_blocks_the_environment_fallback()
    {
        var config = Parse("HOME = null\nh = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/home/me" });

        Assert.Equal(HoconScalarKind.Null, Assert.IsType<HoconScalar>(config.GetValue("h")).Kind);
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_unset()
    {
        var config = Parse("port = 1\nport = ${?ACTORFS_PORT}", new Dictionary<string, string> { ["ACTORFS_PORT"] = "" });

        Assert.Equal(1, config.GetInt("port"));
    }

    [Fact]
    public void Fields_of_an_object_merged_over_a_substitution_can_refer_to_each_other()
    {
        var config = Parse("base { x = 5, y = 0 }\na = ${base}\na { y = 1, z = ${a.y}, w = ${a.x} }");

        Assert.Equal(1, config.GetInt("a.z"));
        Assert.Equal(5, config.GetInt("a.w"));
    }

    [Fact]
    public void A_field_of_an_object_merged_over_a_substitution_can_refer_to_its_own_earlier_value()
    {
        var config = Parse("base { x = 5 }\na = ${base}\na { x = ${a.x}0 }");

        Assert.Equal(50, config.GetInt("a.x"));
    }
}
