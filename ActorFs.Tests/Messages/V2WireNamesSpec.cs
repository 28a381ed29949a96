using ActorFs.Messages;
using static ActorFs.Messages.V2;

namespace ActorFs.Tests.Messages;

public sealed class V2WireNamesSpec
{
    [Theory]
    [InlineData(GrantLevel.Read, "read")]
    [InlineData(GrantLevel.Write, "write")]
    [InlineData(GrantLevel.Manage, "manage")]
    public void Every_grant_level_must_have_its_stable_wire_name(GrantLevel level, string wire)
    {
        Assert.Equal(wire, level.ToWire());
        Assert.Equal(level, GrantLevels.FromWire(wire));
    }

    [Theory]
    [InlineData(UserAction.Add, "add", true, true)]
    [InlineData(UserAction.Delete, "del", true, false)]
    [InlineData(UserAction.SetPassword, "passwd", true, true)]
    [InlineData(UserAction.Set, "set", true, false)]
    [InlineData(UserAction.List, "list", false, false)]
    public void Every_user_action_must_have_its_stable_wire_name_and_required_fields(UserAction action, string wire, bool needsName, bool needsPassword)
    {
        Assert.Equal(wire, action.ToWire());
        Assert.Equal(action, UserActions.FromWire(wire));
        Assert.Equal(needsName, action.NeedsName());
        Assert.Equal(needsPassword, action.NeedsPassword());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Read")]
    [InlineData("none")]
    [InlineData("owner")]
    public void An_unknown_grant_level_name_must_map_to_null(string? wire)
    {
        Assert.Null(GrantLevels.FromWire(wire));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("delete")]
    [InlineData("ADD")]
    public void An_unknown_user_action_name_must_map_to_null(string? wire)
    {
        Assert.Null(UserActions.FromWire(wire));
    }

    [Fact]
    public void Only_the_many_nodes_commands_must_stay_reserved()
    {
        Assert.Equal(["nodes", "find", "watch", "unwatch"], Commands.Reserved);
    }

    [Fact]
    public void Every_command_name_must_be_distinct_and_none_reserved()
    {
        var names = typeof(Commands).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(25, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(names.Intersect(Commands.Reserved));
    }
}
