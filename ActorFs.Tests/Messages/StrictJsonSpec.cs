using System.Text;
using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

/// <summary>What Python's json.loads accepts is what the node accepts: checked against its answers for each text.</summary>
public sealed class StrictJsonSpec
{
    [Theory]
    [InlineData("{}")]
    [InlineData(" \r\n\t{ \"a\" : [ 1 , -2.5e+3 , 0 , -0 , 1E2 , true , false , null , \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\" ] } ")]
    [InlineData("{\"a\": {\"b\": {\"c\": []}}}")]
    [InlineData("{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity}")]
    [InlineData("{\"a\": \"\\ud800\"}")]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    [InlineData("[]")]
    [InlineData("\"s\"")]
    [InlineData("12")]
    public void Json_that_python_accepts_must_be_valid(string text)
    {
        Assert.True(StrictJson.IsValid(Encoding.UTF8.GetBytes(text), 64));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{'a': 1}")]
    [InlineData("{a: 1}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("[1, 2,]")]
    [InlineData("[1 2]")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": 1} /* c */")]
    [InlineData("// c\n{}")]
    [InlineData("{\"a\": undefined}")]
    [InlineData("{\"a\": new Date(1)}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("{\"a\": 1.}")]
    [InlineData("{\"a\": .5}")]
    [InlineData("{\"a\": 1e}")]
    [InlineData("{\"a\": +1}")]
    [InlineData("{\"a\": -}")]
    [InlineData("{\"a\": nan}")]
    [InlineData("{\"a\": True}")]
    [InlineData("{\"a\": \"tab\there\"}")]
    [InlineData("{\"a\": \"\\x41\"}")]
    [InlineData("{\"a\": \"\\u12\"}")]
    [InlineData("{\"a\": \"open}")]
    [InlineData("{\"a\": 1}}")]
    [InlineData("{\"a\": 1} {}")]
    [InlineData("{\"a\": [}")]
    public void Json_that_python_refuses_must_be_invalid(string text)
    {
        Assert.False(StrictJson.IsValid(Encoding.UTF8.GetBytes(text), 64));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_must_be_invalid()
    {
        Assert.True(StrictJson.IsValid(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)), 64));
        Assert.False(StrictJson.IsValid(Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65)), 64));
    }

    [Theory]
    [InlineData("{'command': 'pwd', 'argument': null}")]
    [InlineData("{command: \"pwd\", argument: null}")]
    [InlineData("{\"command\": \"pwd\", \"argument\": null,}")]
    [InlineData("{\"command\": \"pwd\", /* hi */ \"argument\": null}")]
    public void A_legacy_request_in_lenient_json_must_be_an_invalid_format_as_for_the_python_server(string text)
    {
        Assert.False(LegacyCodec.TryParseRequest(Encoding.UTF8.GetBytes(text), out _));
    }
}
