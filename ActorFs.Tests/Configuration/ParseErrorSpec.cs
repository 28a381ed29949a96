using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class ParseErrorSpec
{
    private static HoconParseException Fails(string text) =>
        Assert.Throws<HoconParseException>(() => HoconDocument.Parse(text, "node.conf"));

    [Fact]
    public void An_unterminated_object_fails_with_file_line_and_column()
    {
        var error = Fails("a {\n  b = 1\n");

        Assert.StartsWith("node.conf:3:1: expected '}' to close the object opened at line 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Column);
        Assert.Equal(new ConfigOrigin("node.conf", 3), error.Origin);
    }

    [Fact]
    public void A_closing_bracket_where_a_key_belongs_names_what_was_expected()
    {
        var error = Fails("a {\n  b = 1\n      ]\n}");

        Assert.Equal("node.conf:3:7: expected '}' or a key, found ']'", error.Message);
    }

    [Fact]
    public void An_unterminated_array_fails_with_its_opening_line()
    {
        Assert.Contains("expected ']' to close the array opened at line 1", Fails("a = [1, 2").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_a_value_fails()
    {
        Assert.Equal("node.conf:3:1: expected a value, found '}'", Fails("a {\n  b =\n}").Message);
    }

    [Fact]
    public void A_key_without_a_separator_fails()
    {
        Assert.Equal("node.conf:3:1: expected ':', '=', '+=' or '{' after key 'b', found 'c'", Fails("a = 1\nb\nc = 2").Message);
    }

    [Fact]
    public void An_unterminated_quoted_string_fails_at_its_start()
    {
        Assert.StartsWith("node.conf:2:5: unterminated quoted string", Fails("a = 1\nb = \"abc\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_triple_quoted_string_fails()
    {
        Assert.StartsWith("node.conf:1:5: unterminated triple-quoted string", Fails("a = \"\"\"abc\n\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_escape_fails()
    {
        Assert.Contains("invalid escape '\\q'", Fails("a = \"\\q\"").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = b*c", '*')]
    [InlineData("a = ^", '^')]
    [InlineData("a = x?", '?')]
    public void Forbidden_characters_outside_quotes_fail(string text, char character)
    {
        Assert.Contains($"reserved character '{character}'", Fails(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dollar_that_does_not_start_a_substitution_fails()
    {
        Assert.Contains("'$' must start a substitution", Fails("a = $x").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_substitution_fails()
    {
        Assert.Contains("unterminated substitution", Fails("a = ${b\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_commas_in_a_row_fail()
    {
        Assert.Equal("node.conf:1:8: expected a value, found ','", Fails("a = [1,,2]").Message);
    }

    [Fact]
    public void An_empty_path_element_fails()
    {
        Assert.Contains("empty path element", Fails("a..b = 1").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_array_fails()
    {
        Assert.Contains("must be an object", Fails("[1, 2]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_the_root_object_fails()
    {
        Assert.Equal("node.conf:1:11: expected end of input after the root object, found 'b'", Fails("{ a = 1 } b = 2").Message);
    }

    [Fact]
    public void Parse_errors_are_config_exceptions()
    {
        Assert.IsAssignableFrom<ConfigException>(Fails("a = {"));
    }

    [Fact]
    public void Nesting_beyond_the_limit_fails_instead_of_overflowing_the_stack()
    {
        var text = "a = " + new string('[', 100_000);

        Assert.Contains("nested more than 256 deep", Fails(text).Message, StringComparison.Ordinal);
    }
}
