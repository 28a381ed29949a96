using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class SyntaxSpec
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, EnvironmentSources.None);

    [Fact]
    public void Root_braces_are_optional()
    {
        Assert.Equal(Parse("{ a = 1 }").ToJson(), Parse("a = 1").ToJson());
    }

    [Fact]
    public void Colon_equals_and_an_omitted_separator_before_a_brace_all_set_a_field()
    {
        var config = Parse("a : 1\nb = 2\nc { d = 3 }");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(3, config.GetInt("c.d"));
    }

    [Fact]
    public void Hash_and_double_slash_comments_run_to_the_end_of_the_line()
    {
        var config = Parse("a = 1 # one\n// whole line\nb = 2 // two\nc = \"# not a comment\"");

        Assert.Equal("1", config.GetString("a"));
        Assert.Equal("2", config.GetString("b"));
        Assert.Equal("# not a comment", config.GetString("c"));
    }

    [Fact]
    public void Newlines_or_commas_separate_fields_and_array_elements()
    {
        var config = Parse("a = 1, b = 2\nc = [1, 2\n3]\nd = [\n  x\n  y,\n]");

        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(["1", "2", "3"], config.GetStringList("c"));
        Assert.Equal(["x", "y"], config.GetStringList("d"));
    }

    [Fact]
    public void Quoted_strings_understand_json_escapes()
    {
        var config = Parse("""a = "tab\there \"quoted\" \\ \u00e9 \/" """);

        Assert.Equal("tab\there \"quoted\" \\ é /", config.GetString("a"));
    }

    [Fact]
    public void Unquoted_strings_stop_at_forbidden_characters_and_keep_inner_whitespace()
    {
        var config = Parse("a = hello world   \nb = foo.bar-baz_1/2");

        Assert.Equal("hello world", config.GetString("a"));
        Assert.Equal("foo.bar-baz_1/2", config.GetString("b"));
    }

    [Fact]
    public void A_triple_quoted_string_is_raw_and_may_span_lines()
    {
        var config = Parse("a = \"\"\"line one\\n\n  \"line two\"\"\"\"");

        Assert.Equal("line one\\n\n  \"line two\"", config.GetString("a"));
    }

    [Fact]
    public void Value_concatenation_joins_strings_keeping_the_whitespace_between_them()
    {
        var config = Parse("a = foo \"bar\"  42 true\nb = 1.0 s");

        Assert.Equal("foo bar  42 true", config.GetString("a"));
        Assert.Equal("1.0 s", config.GetString("b"));
    }

    [Fact]
    public void Value_concatenation_joins_arrays_and_merges_objects()
    {
        var config = Parse("a = [1, 2] [3]\nb = { x = 1 } { y = 2 }");

        Assert.Equal(["1", "2", "3"], config.GetStringList("a"));
        Assert.Equal(1, config.GetInt("b.x"));
        Assert.Equal(2, config.GetInt("b.y"));
    }

    [Fact]
    public void Path_keys_create_nested_objects_and_quoted_segments_keep_their_dots()
    {
        var config = Parse("a.b.c = 1\n\"x.y\".z = 2");

        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("\"x.y\".z"));
        Assert.False(config.HasPath("x"));
    }

    [Fact]
    public void Repeated_object_keys_merge_and_the_last_scalar_wins()
    {
        var config = Parse("a { x = 1, y = 1 }\na { y = 2 }\nb = 1\nb = 2");

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
        Assert.Equal(2, config.GetInt("b"));
    }

    [Fact]
    public void An_object_after_a_scalar_replaces_it_and_a_scalar_after_an_object_replaces_that()
    {
        var config = Parse("a = 1\na { x = 1 }\nb { x = 1 }\nb = 2");

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("b"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array_and_starts_one_when_there_is_none()
    {
        var config = Parse("a = [1]\na += 2\nb += x");

        Assert.Equal(["1", "2"], config.GetStringList("a"));
        Assert.Equal(["x"], config.GetStringList("b"));
    }

    [Fact]
    public void Numbers_keep_the_text_they_were_written_with()
    {
        var config = Parse("a = 1.0\nb = 10\nc = 1e3\nd = -0.5");

        Assert.Equal("1.0", config.GetString("a"));
        Assert.Equal(HoconScalarKind.Number, Assert.IsType<HoconScalar>(config.GetValue("a")).Kind);
        Assert.Equal(1000, config.GetInt("c"));
        Assert.Equal(-0.5, config.GetDouble("d"));
        Assert.Equal("""{"a":1.0,"b":10,"c":1e3,"d":-0.5}""", config.ToJson(indented: false));
    }

    [Fact]
    public void Keywords_are_typed_only_when_unquoted_and_alone()
    {
        var config = Parse("a = true\nb = \"true\"\nc = null\nd = truex");

        Assert.Equal(HoconScalarKind.Boolean, Assert.IsType<HoconScalar>(config.GetValue("a")).Kind);
        Assert.Equal(HoconScalarKind.String, Assert.IsType<HoconScalar>(config.GetValue("b")).Kind);
        Assert.Equal(HoconScalarKind.Null, Assert.IsType<HoconScalar>(config.GetValue("c")).Kind);
        Assert.Equal("truex", config.GetString("d"));
    }

    [Fact]
    public void A_json_document_is_valid_hocon()
    {
        var config = Parse("""{"a": {"b": [1, 2.5, "x", true, null, {"c": []}]}}""");

        Assert.Equal("""{"a":{"b":[1,2.5,"x",true,null,{"c":[]}]}}""", config.ToJson(indented: false));
    }

    [Fact]
    public void An_empty_document_is_an_empty_config()
    {
        Assert.True(Parse("  \n# only a comment\n").IsEmpty);
        Assert.True(Parse("{}").IsEmpty);
    }

    [Fact]
    public void Unicode_separators_and_a_byte_order_mark_count_as_whitespace()
    {
        var config = Parse("\uFEFFa\u00A0=\u2003x\u2007y\u001F");

        Assert.Equal("x\u2007y", config.GetString("a"));
    }

    [Fact]
    public void Whitespace_in_a_key_is_part_of_the_key()
    {
        Assert.Equal(42, Parse("a b c : 42").GetInt("\"a b c\""));
    }

    [Fact]
    public void Numbers_and_keywords_in_keys_are_strings_and_dots_in_numbers_split_the_path()
    {
        var config = Parse("true : 1\n10.5 : 2");

        Assert.Equal(1, config.GetInt("\"true\""));
        Assert.Equal(2, config.GetInt("10.5"));
        Assert.True(config.GetConfig("10").HasPath("5"));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var config = Parse("a = 1\r\nb = [x,\r\n y]\r\n# c\r\nc = hello world\r\n");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(["x", "y"], config.GetStringList("b"));
        Assert.Equal("hello world", config.GetString("c"));
    }

    [Fact]
    public void Include_is_an_ordinary_word_anywhere_but_at_the_start_of_a_key()
    {
        var config = Parse("foo include : 42\nvalue = include\nlist = [ include ]");

        Assert.Equal(42, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("value"));
        Assert.Equal(["include"], config.GetStringList("list"));
    }

    [Fact]
    public void A_null_between_two_objects_prevents_their_merge()
    {
        var config = Parse("foo { a = 42 }\nfoo = null\nfoo { b = 43 }");

        Assert.False(config.HasPath("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
    }
}
