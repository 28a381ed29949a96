using static ActorFs.Messages.V2;

namespace ActorFs.Messages;

/// <summary>Wire names of <see cref="UserAction"/>: <c>add</c>, <c>del</c>, <c>passwd</c>, <c>set</c>, <c>list</c>.</summary>
public static class UserActions
{
    /// <summary>The wire name.</summary>
    public static string ToWire(this UserAction action) => action switch
    {
        UserAction.Add => "add",
        UserAction.Delete => "del",
        UserAction.SetPassword => "passwd",
        UserAction.Set => "set",
        UserAction.List => "list",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a user action."),
    };

    /// <summary>The action for a wire name (exact, lower-case); null for anything else.</summary>
    public static UserAction? FromWire(string? wire) => wire switch
    {
        "add" => UserAction.Add,
        "del" => UserAction.Delete,
        "passwd" => UserAction.SetPassword,
        "set" => UserAction.Set,
        "list" => UserAction.List,
        _ => null,
    };

    /// <summary>Whether the action names one account.</summary>
    public static bool NeedsName(this UserAction action) => action != UserAction.List;

    /// <summary>Whether the action sets a password.</summary>
    public static bool NeedsPassword(this UserAction action) => action is UserAction.Add or UserAction.SetPassword;
}
