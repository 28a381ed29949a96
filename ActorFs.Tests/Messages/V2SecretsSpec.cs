using System.Reflection;
using System.Text;
using ActorFs.Messages;
using static ActorFs.Messages.V2;

namespace ActorFs.Tests.Messages;

/// <summary>Passwords and tokens never show in <c>ToString()</c> (so in no log line) nor in a decoding error.</summary>
public sealed class V2SecretsSpec
{
    private const string Secret = "s3cr3t-Value";

    private static bool IsSecret(string name) => name.EndsWith("Password", StringComparison.Ordinal) || name.EndsWith("Token", StringComparison.Ordinal);

    /// <summary>Every record nested in <see cref="V2"/> with a string property named like a password or token.</summary>
    private static IEnumerable<Type> RecordsHoldingSecrets() =>
        typeof(V2).GetNestedTypes().Concat(typeof(V2).GetNestedTypes().SelectMany(t => t.GetNestedTypes()))
            .Where(t => t.GetProperties().Any(p => p.PropertyType == typeof(string) && IsSecret(p.Name)));

    public static TheoryData<string> SecretHolders() => [.. RecordsHoldingSecrets().Select(t => t.FullName!)];

    /// <summary>An instance built through the primary constructor, every secret parameter set to <see cref="Secret"/> and every other string to "x".</summary>
    private static object Build(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) => IsSecret(p.Name!) ? Secret : "x",
            var t when t.IsValueType => Activator.CreateInstance(Nullable.GetUnderlyingType(t) ?? t),
            _ => null,
        }).ToArray();
        return constructor.Invoke(args);
    }

    [Fact]
    public void Every_record_that_holds_a_password_or_token_must_be_found_by_the_secret_spec()
    {
        var names = RecordsHoldingSecrets().Select(t => t.DeclaringType!.Name + "." + t.Name).Order(StringComparer.Ordinal).ToList();

        string[] expected =
        [
            "Replies.Append", "Replies.Auth", "Replies.Get", "Replies.Passwd", "Replies.Put", "Replies.Write",
            "Requests.Auth", "Requests.Passwd", "Requests.User",
        ];
        Assert.Equal(expected, names);
    }

    [Theory]
    [MemberData(nameof(SecretHolders))]
    public void A_record_holding_a_password_or_token_must_leave_it_out_of_its_text(string typeName)
    {
        var record = Build(typeof(V2).Assembly.GetType(typeName, throwOnError: true)!);
        var text = record.ToString()!;

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.StartsWith(record.GetType().Name + " {", text, StringComparison.Ordinal);
    }

    public static TheoryData<Request> RequestsWithSecrets() =>
    [
        new Requests.Auth(1, "ann", Secret),
        new Requests.Auth(2, Token: Secret),
        new Requests.Passwd(3, Secret, Secret + "2"),
        new Requests.User(4, UserAction.Add, "bob", Secret, 10, 2, true, false),
        new Requests.User(5, UserAction.SetPassword, "bob", Secret),
    ];

    [Theory]
    [MemberData(nameof(RequestsWithSecrets))]
    public void A_request_holding_a_secret_must_still_say_what_it_is_in_its_text(Request request)
    {
        var text = request.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"Id = {request.Id}"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_holding_a_token_must_still_say_what_it_is_in_its_text()
    {
        var withToken = new Replies.Auth(1, "ann", true, "/home/ann", Secret, 60).ToString();
        var withoutToken = new Replies.Auth(2, "ann", true, "/home/ann").ToString();

        Assert.DoesNotContain(Secret, withToken, StringComparison.Ordinal);
        Assert.Contains("User = ann", withToken, StringComparison.Ordinal);
        Assert.Contains("Token = issued", withToken, StringComparison.Ordinal);
        Assert.Contains("Token = none", withoutToken, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, new Replies.Passwd(3, Secret, 60).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": 1, "command": "auth", "name": "ann", "password": ["s3cr3t-Value"]}""")]
    [InlineData("""{"id": 1, "command": "auth", "name": "ann", "password": "s3cr3t-Value", "token": "s3cr3t-Value"}""")]
    [InlineData("""{"id": 1, "command": "auth", "password": "s3cr3t-Value"}""")]
    [InlineData("""{"id": 1, "command": "auth", "token": {"t": "s3cr3t-Value"}}""")]
    [InlineData("""{"id": 1, "command": "passwd", "old_password": "s3cr3t-Value", "new_password": ["s3cr3t-Value"]}""")]
    [InlineData("""{"id": 1, "command": "user", "action": "add", "password": "s3cr3t-Value"}""")]
    [InlineData("""{"id": 1, "command": "user", "action": "s3cr3t-Value", "password": "s3cr3t-Value"}""")]
    public void A_refused_request_must_not_echo_a_secret_in_its_error(string json)
    {
        Assert.False(V2RequestDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(V2ServerMessageEncoder.Encode(error)), StringComparison.Ordinal);
    }

    [Fact]
    public void Reflection_must_reach_the_records_through_their_public_constructors()
    {
        // Guards Build above: every secret holder is a sealed record with one public primary constructor.
        foreach (var type in RecordsHoldingSecrets())
        {
            Assert.True(type.IsSealed, type.Name);
            Assert.NotNull(type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance));
        }
    }
}
