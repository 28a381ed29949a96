using ActorFs.Node.Accounts;

namespace ActorFs.Tests.Node.Accounts;

public sealed class UserNamesSpec
{
    [Theory]
    [InlineData("a")]
    [InlineData("alice")]
    [InlineData("0day")]
    [InlineData("first.last")]
    [InlineData("a_b-c.d")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void A_name_of_lower_case_letters_digits_dots_underscores_and_dashes_is_valid(string name)
    {
        Assert.True(UserNames.IsValid(name));
        Assert.Equal(name, UserNames.Validate(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("_under")]
    [InlineData("Alice")]
    [InlineData("al ice")]
    [InlineData("al/ice")]
    [InlineData("al\u0000ice")]
    [InlineData("é")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Any_other_name_is_refused_with_the_rule_in_the_message(string name)
    {
        Assert.False(UserNames.IsValid(name));
        var error = Assert.Throws<AccountException>(() => UserNames.Validate(name));
        Assert.Equal(AccountError.InvalidName, error.Error);
        Assert.Contains("1 to 32 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_name_is_refused()
    {
        Assert.False(UserNames.IsValid(null));
        Assert.Equal(AccountError.InvalidName, Assert.Throws<AccountException>(() => UserNames.Validate(null)).Error);
    }

    [Fact]
    public void A_refused_name_is_quoted_when_printable_and_never_echoed_when_not()
    {
        Assert.StartsWith("'Alice' is not a valid user name", UserNames.Check("Alice"), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", UserNames.Check("evil\u001b[31m"), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), UserNames.Check(new string('x', 100)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "The password is empty.")]
    [InlineData("", "The password is empty.")]
    public void An_empty_password_is_refused(string? password, string message)
    {
        var error = Assert.Throws<AccountException>(() => PasswordRules.Validate(password));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_password_may_hold_anything_up_to_1024_characters()
    {
        Assert.Null(PasswordRules.Check(" spaces and ünïcödé 🔑 "));
        Assert.Null(PasswordRules.Check(new string('p', 1024)));
        Assert.NotNull(PasswordRules.Check(new string('p', 1025)));
    }
}
