using System.Diagnostics.CodeAnalysis;

namespace ActorFs.Node.Accounts;

/// <summary>
/// The user-name rule: 1 to 32 characters, lower-case ASCII letters, digits, '.', '_' and '-', starting with a
/// letter or digit. Names become a folder (<c>/home/NAME</c>), so the rule keeps out '.', '..', slashes,
/// upper case (no two names differing by case only) and anything a terminal or log could misread.
/// </summary>
internal static class UserNames
{
    public const int MaxLength = 32;

    public const string Rule = "a user name is 1 to 32 characters: lower-case letters a-z, digits, '.', '_' and '-', starting with a letter or a digit";

    public static bool IsValid([NotNullWhen(true)] string? name) => Check(name) is null;

    /// <summary>Returns <paramref name="name"/> when it follows the rule; otherwise throws with <see cref="AccountError.InvalidName"/>.</summary>
    public static string Validate(string? name) =>
        Check(name) is { } why ? throw new AccountException(AccountError.InvalidName, why) : name!;

    /// <summary>Null when <paramref name="name"/> follows the rule, otherwise a sentence saying why not.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "The user name is empty: " + Rule + ".";
        }

        // The name may be hostile (control characters, megabytes): describe it without echoing it raw.
        var shown = name.Length <= MaxLength && name.All(c => c is >= ' ' and < '\u007f' and not '\'') ? $"'{name}'" : "The name given";
        if (name.Length > MaxLength)
        {
            return $"{shown} is longer than {MaxLength} characters: " + Rule + ".";
        }

        if (!IsLeading(name[0]) || !name.All(c => IsLeading(c) || c is '.' or '_' or '-'))
        {
            return $"{shown} is not a valid user name: " + Rule + ".";
        }

        return null;
    }

    private static bool IsLeading(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
