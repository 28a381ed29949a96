using ActorFs.Node.Accounts;

namespace ActorFs.Tests.Node.Accounts;

public sealed class DefenderSpec
{
    private static readonly DateTime T0 = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly AccountSettings Settings = AccountSettings.Default with
    {
        MaxFailures = 3, FailureWindow = TimeSpan.FromMinutes(10), BanDuration = TimeSpan.FromMinutes(15),
    };

    [Fact]
    public void Failures_below_the_maximum_ban_nothing()
    {
        var defender = new Defender(Settings);

        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", T0));
        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(1)));

        Assert.Null(defender.IsBanned("10.0.0.1", "alice", T0.AddMinutes(1)));
    }

    [Fact]
    public void The_maximum_failures_within_the_window_ban_the_address_and_the_name_for_the_ban_duration()
    {
        var defender = new Defender(Settings);
        defender.RecordFailure("10.0.0.1", "alice", T0);
        defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(1));

        var until = defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(2));

        Assert.Equal(T0.AddMinutes(17), until);
        Assert.Equal(until, defender.IsBanned("10.0.0.1", "bob", T0.AddMinutes(3)));
        Assert.Equal(until, defender.IsBanned("10.0.0.2", "alice", T0.AddMinutes(3)));
        Assert.Null(defender.IsBanned("10.0.0.2", "bob", T0.AddMinutes(3)));
        Assert.Null(defender.IsBanned("10.0.0.1", "alice", T0.AddMinutes(17)));
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_ban_nothing()
    {
        var defender = new Defender(Settings);

        defender.RecordFailure("10.0.0.1", "alice", T0);
        defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(9));

        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(10)));
        Assert.Null(defender.IsBanned("10.0.0.1", "alice", T0.AddMinutes(10)));
    }

    [Fact]
    public void Guessing_one_name_from_many_addresses_bans_the_name()
    {
        var defender = new Defender(Settings);

        defender.RecordFailure("10.0.0.1", "alice", T0);
        defender.RecordFailure("10.0.0.2", "alice", T0);
        defender.RecordFailure("10.0.0.3", "alice", T0);

        Assert.NotNull(defender.IsBanned("10.0.0.4", "alice", T0));
        Assert.Null(defender.IsBanned("10.0.0.4", "bob", T0));
    }

    [Fact]
    public void Guessing_many_names_from_one_address_bans_the_address()
    {
        var defender = new Defender(Settings);

        defender.RecordFailure("10.0.0.1", "alice", T0);
        defender.RecordFailure("10.0.0.1", "bob", T0);
        defender.RecordFailure("10.0.0.1", "carol", T0);

        Assert.NotNull(defender.IsBanned("10.0.0.1", "dave", T0));
        Assert.Null(defender.IsBanned("10.0.0.2", "alice", T0));
    }

    [Fact]
    public void A_success_clears_the_counts_of_its_address_and_name()
    {
        var defender = new Defender(Settings);
        defender.RecordFailure("10.0.0.1", "alice", T0);
        defender.RecordFailure("10.0.0.1", "alice", T0);

        defender.RecordSuccess("10.0.0.1", "alice");

        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", T0));
        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", T0));
        Assert.NotNull(defender.RecordFailure("10.0.0.1", "alice", T0));
    }

    [Fact]
    public void Token_failures_without_a_name_count_against_the_address_only()
    {
        var defender = new Defender(Settings);

        for (var i = 0; i < 3; i++) defender.RecordFailure("10.0.0.1", null, T0);

        Assert.NotNull(defender.IsBanned("10.0.0.1", null, T0));
        Assert.Equal(1, defender.TrackedKeys);
    }

    [Fact]
    public void Names_that_cannot_exist_are_not_tracked_by_name()
    {
        var defender = new Defender(Settings);

        defender.RecordFailure("10.0.0.1", new string('X', 10_000), T0);

        Assert.Equal(1, defender.TrackedKeys);
    }

    [Fact]
    public void Failures_during_a_ban_do_not_extend_it()
    {
        var defender = new Defender(Settings);
        for (var i = 0; i < 3; i++) defender.RecordFailure("10.0.0.1", "alice", T0);

        Assert.Equal(T0.AddMinutes(15), defender.RecordFailure("10.0.0.1", "alice", T0.AddMinutes(5)));
    }

    [Fact]
    public void After_a_ban_ends_counting_starts_afresh()
    {
        var defender = new Defender(Settings);
        for (var i = 0; i < 3; i++) defender.RecordFailure("10.0.0.1", "alice", T0);
        var after = T0.AddMinutes(15);

        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", after));
        Assert.Null(defender.RecordFailure("10.0.0.1", "alice", after));
        Assert.Equal(after.AddMinutes(15), defender.RecordFailure("10.0.0.1", "alice", after));
    }

    [Fact]
    public void Pruning_forgets_finished_windows_and_ended_bans_but_keeps_live_ones()
    {
        var defender = new Defender(Settings);
        defender.RecordFailure("10.0.0.1", "alice", T0);
        for (var i = 0; i < 3; i++) defender.RecordFailure("10.0.0.2", "bob", T0);

        Assert.Equal(2, defender.Prune(T0.AddMinutes(10)));
        Assert.Equal(2, defender.TrackedKeys);
        Assert.NotNull(defender.IsBanned("10.0.0.2", null, T0.AddMinutes(10)));
        Assert.Equal(2, defender.Prune(T0.AddMinutes(15)));
        Assert.Equal(0, defender.TrackedKeys);
    }

    [Fact]
    public void Tracked_keys_stay_under_the_cap_and_bans_outlive_mere_counts()
    {
        var defender = new Defender(Settings, maxTrackedKeys: 100);
        for (var i = 0; i < 3; i++) defender.RecordFailure("10.0.0.1", null, T0);

        for (var i = 0; i < 1_000; i++)
        {
            defender.RecordFailure($"192.168.{i / 256}.{i % 256}", null, T0.AddSeconds(1));
            Assert.True(defender.TrackedKeys <= 100);
        }

        Assert.NotNull(defender.IsBanned("10.0.0.1", null, T0.AddSeconds(1)));
    }
}
