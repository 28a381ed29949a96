using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;

namespace ActorFs.Tests.IO;

public sealed class TcpExtensionSpecs : TestKit
{
    [Fact]
    public void The_TCP_manager_must_be_one_system_actor_even_when_first_asked_for_concurrently()
    {
        var managers = Enumerable.Range(0, 16).AsParallel().Select(_ => Sys.Tcp()).Distinct().ToList();

        var manager = Assert.Single(managers);
        Assert.Equal(["system", "IO-TCP"], manager.Path.Elements);
    }

    [Fact]
    public void The_default_settings_must_be_valid_and_bounded()
    {
        var settings = Sys.TcpSettings();

        Assert.Same(TcpSettings.Default, settings);
        Assert.True(settings.MaxWriteQueueBytes > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => (TcpSettings.Default with { ReceiveBufferSize = 0 }).Validate());
    }
}
