using ActorFs.Actors.Configuration;
using ActorFs.Node.Accounts;
using ActorFs.Node.Settings;

namespace ActorFs.Tests.Node.Accounts;

public sealed class AccountSettingsSpec
{
    /// <summary>The block proposed for hocon/node.conf; it must bind to <see cref="AccountSettings.Default"/>.</summary>
    internal const string ProposedDefaults = """
        actorfs {
          accounts {
            # Iterations of PBKDF2-HMAC-SHA256 for new password hashes (at least 600000); older hashes are upgraded at sign-in.
            pbkdf2-iterations = 600000
            # How long a session token from a password sign-in stays valid (logout and password changes revoke it sooner).
            session-ttl = 30d
            # Every failed sign-in is answered after this delay, whether or not the name exists.
            failure-delay = 1s
            ban {
              # Failed sign-ins from one address, or for one name, that start a ban.
              max-failures = 5
              # ...counted within this window from the first failure.
              window = 10m
              # How long a banned address or name is refused (429).
              duration = 15m
            }
          }
        }
        """;

    private static AccountSettings BindOver(string overrides) =>
        AccountSettings.Bind(new SettingsReader(ConfigurationFactory.ParseString(ProposedDefaults + "\n" + overrides, EnvironmentSources.None)));

    [Fact]
    public void The_proposed_defaults_bind_to_the_built_in_defaults()
    {
        Assert.Equal(AccountSettings.Default, BindOver(""));
        Assert.Equal(
            new AccountSettings(600_000, TimeSpan.FromDays(30), TimeSpan.FromSeconds(1), 5, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15)),
            AccountSettings.Default);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = BindOver("""
            actorfs.accounts {
              pbkdf2-iterations = 1000000
              session-ttl = 7d
              failure-delay = 250ms
              ban { max-failures = 10, window = 1h, duration = 2h }
            }
            """);

        Assert.Equal(new AccountSettings(1_000_000, TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(250), 10, TimeSpan.FromHours(1), TimeSpan.FromHours(2)), settings);
    }

    [Theory]
    [InlineData("actorfs.accounts.pbkdf2-iterations = 100000", "actorfs.accounts.pbkdf2-iterations")]
    [InlineData("actorfs.accounts.session-ttl = 0s", "actorfs.accounts.session-ttl")]
    [InlineData("actorfs.accounts.failure-delay = 2m", "actorfs.accounts.failure-delay")]
    [InlineData("actorfs.accounts.ban.max-failures = 0", "actorfs.accounts.ban.max-failures")]
    [InlineData("actorfs.accounts.ban.window = 0s", "actorfs.accounts.ban.window")]
    [InlineData("actorfs.accounts.ban.duration = 0s", "actorfs.accounts.ban.duration")]
    public void An_out_of_range_value_is_refused_naming_its_key(string hocon, string key)
    {
        var error = Assert.Throws<SettingsException>(() => BindOver(hocon));

        Assert.Equal(key, error.Path);
    }

    [Fact]
    public void A_missing_key_is_refused()
    {
        var config = ConfigurationFactory.ParseString("actorfs.accounts.pbkdf2-iterations = 600000", EnvironmentSources.None);

        Assert.Throws<ConfigException>(() => AccountSettings.Bind(new SettingsReader(config)));
    }
}
