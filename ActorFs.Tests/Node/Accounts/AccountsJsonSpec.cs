using System.Text;
using System.Text.Json.Nodes;
using ActorFs.Node.Accounts;
using ActorFs.Node.Storage;
using static ActorFs.Tests.Node.Accounts.AccountsDocumentSpec;

namespace ActorFs.Tests.Node.Accounts;

public sealed class AccountsJsonSpec
{
    internal static AccountsDocument Rich()
    {
        var token = SessionTokenGenerator.Hash(SessionTokenGenerator.Generate());
        return WithUsers("alice", "bob")
            .SetUserOptions("bob", new UserOptions(QuotaBytes: 10L << 30, MaxFiles: 1000, Admin: true, Disabled: false))
            .IssueToken(token, "alice", Now, TimeSpan.FromDays(30))
            .SetGrant(VirtualPath.Parse("/home/alice/shared"), "bob", GrantLevel.Write)
            .SetPublic(VirtualPath.Parse("/home/alice/shared"), true)
            .SetPublic(VirtualPath.Parse("/pub"), false);
    }

    private static JsonObject Json(AccountsDocument document) => JsonNode.Parse(AccountsJson.Serialize(document))!.AsObject();

    private static AccountsDocument Read(JsonNode json) => AccountsJson.Deserialize(Encoding.UTF8.GetBytes(json.ToJsonString()));

    [Fact]
    public void A_document_survives_a_round_trip_unchanged()
    {
        var document = Rich();

        var read = AccountsJson.Deserialize(AccountsJson.Serialize(document));

        Assert.Equal(document.Users.Values, read.Users.Values);
        Assert.Equal(document.Tokens.Values, read.Tokens.Values);
        Assert.Equal(document.Access, read.Access);
        Assert.Equal(AccountsJson.Serialize(document), AccountsJson.Serialize(read));
    }

    [Fact]
    public void The_file_says_its_version_and_uses_snake_case_fields()
    {
        var json = Json(Rich());

        Assert.Equal(1, (int)json["version"]!);
        var bob = json["users"]!.AsArray().Single(u => (string)u!["name"]! == "bob")!;
        Assert.Equal(10L << 30, (long)bob["quota_bytes"]!);
        Assert.Equal(1000, (long)bob["max_files"]!);
        Assert.True((bool)bob["admin"]!);
        Assert.Equal("pbkdf2-sha256", (string)bob["password"]!["algorithm"]!);
        Assert.Equal(16, Convert.FromBase64String((string)bob["password"]!["salt"]!).Length);
        Assert.Equal("2025-06-01T12:00:00.0000000Z", (string)bob["created"]!);
        var access = json["access"]!.AsArray().Single(a => (string)a!["path"]! == "/home/alice/shared")!;
        Assert.Equal("write", (string)access["grants"]!["bob"]!);
        Assert.True((bool)access["public"]!);
        Assert.Equal(64, ((string)json["tokens"]![0]!["sha256"]!).Length);
    }

    [Fact]
    public void A_newer_format_version_is_refused_as_such()
    {
        var json = Json(Rich());
        json["version"] = 2;

        var error = Assert.Throws<NotSupportedException>(() => Read(json));
        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer ActorFs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"version\": 0, \"users\": [], \"tokens\": [], \"access\": []}")]
    [InlineData("{\"version\": \"1\", \"users\": [], \"tokens\": [], \"access\": []}")]
    [InlineData("{\"version\": 1, \"users\": [], \"tokens\": []}")]
    [InlineData("{\"version\": 1, \"users\": [], \"tokens\": [], \"access\": [],}")]
    [InlineData("{\"version\": 1, \"users\": [], \"tokens\": [], \"access\": []")]
    [InlineData("")]
    public void A_malformed_document_is_refused_as_invalid_data(string text) =>
        Assert.Throws<InvalidDataException>(() => AccountsJson.Deserialize(Encoding.UTF8.GetBytes(text)));

    private static readonly Dictionary<string, (string Expected, Action<JsonObject> Damage)> Damages = new(StringComparer.Ordinal)
    {
        ["a bad user name"] = ("is not a valid user name", j => j["users"]![0]!["name"] = "Alice"),
        ["a user twice"] = ("appears twice", j => j["users"]!.AsArray().Add(j["users"]![0]!.DeepClone())),
        ["an unknown hash algorithm"] = ("cannot verify", j => j["users"]![0]!["password"]!["algorithm"] = "md5"),
        ["a salt that is not base64"] = ("'salt' is not base64", j => j["users"]![0]!["password"]!["salt"] = "!!"),
        ["a missing flag"] = ("has no 'admin'", j => j["users"]![0]!.AsObject().Remove("admin")),
        ["a negative quota"] = ("quota cannot be negative", j => j["users"]![0]!["quota_bytes"] = -5),
        ["a bad time"] = ("'created' is not a time", j => j["users"]![0]!["created"] = "yesterday"),
        ["a token of nobody"] = ("who has no account", j => j["tokens"]![0]!["user"] = "carol"),
        ["a short token hash"] = ("not 64 lower-case hex", j => j["tokens"]![0]!["sha256"] = "abc"),
        ["an unnormalised path"] = ("not a normalised virtual path", j => j["access"]![0]!["path"] = "/home//alice"),
        ["an internal path"] = ("not a normalised virtual path", j => j["access"]![0]!["path"] = "/.actorfs/x"),
        ["an unknown level"] = ("not read, write or manage", j => j["access"]![0]!["grants"]!["bob"] = "owner"),
        ["a grant to nobody"] = ("grants to 'carol'", j => j["access"]![0]!["grants"]!["carol"] = "read"),
        ["an empty record"] = ("is empty", j => j["access"]![1]!["public"] = null),
    };

    public static TheoryData<string> BrokenInvariants => new(Damages.Keys);

    [Theory]
    [MemberData(nameof(BrokenInvariants))]
    public void A_document_breaking_an_invariant_is_refused_with_what_is_wrong(string damage)
    {
        var (expected, apply) = Damages[damage];
        var json = Json(Rich());
        apply(json);

        var error = Assert.Throws<InvalidDataException>(() => Read(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var json = Json(Rich());
        json["comment"] = "added by hand";
        json["users"]![0]!["nickname"] = "Al";

        Assert.Equal(2, Read(json).Users.Count);
    }

    [Fact]
    public void An_empty_document_is_written_and_read_back_empty()
    {
        var read = AccountsJson.Deserialize(AccountsJson.Serialize(AccountsDocument.Empty));

        Assert.Empty(read.Users);
        Assert.Empty(read.Tokens);
        Assert.Empty(read.Access);
    }
}
