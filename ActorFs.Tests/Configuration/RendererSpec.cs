using System.Text.Json;
using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class RendererSpec
{
    private const string Text =
        """
        a {
          s = "quote \" and é"
          n = 1.50
          b = on
          t = true
          z = null
          list = [1, two, { x = 1 }]
          "dotted.key" = 1
        }
        """;

    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, EnvironmentSources.None);

    [Fact]
    public void Json_output_keeps_types_and_number_text()
    {
        Assert.Equal(
            """{"a":{"s":"quote \" and é","n":1.50,"b":"on","t":true,"z":null,"list":[1,"two",{"x":1}],"dotted.key":1}}""",
            Parse(Text).ToJson(indented: false));
    }

    [Fact]
    public void Indented_json_is_valid_json()
    {
        using var document = JsonDocument.Parse(Parse(Text).ToJson());

        Assert.Equal(1.5, document.RootElement.GetProperty("a").GetProperty("n").GetDouble());
    }

    [Fact]
    public void Hocon_output_parses_back_to_the_same_tree()
    {
        var config = Parse(Text);

        var reparsed = Parse(config.ToHocon(includeOrigins: true));

        Assert.Equal(config.ToJson(), reparsed.ToJson());
    }

    [Fact]
    public void Hocon_output_can_say_where_each_setting_was_set()
    {
        var hocon = Parse("a {\n  port = 8080\n}").ToHocon(includeOrigins: true);

        Assert.Equal("a {\n  # string:2\n  port = 8080\n}\n", hocon);
    }

    [Fact]
    public void Hocon_output_quotes_keys_that_need_it()
    {
        Assert.Contains("\"dotted.key\" = 1", Parse(Text).ToHocon(), StringComparison.Ordinal);
    }
}
