using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Actors.Hosting;
using ActorFs.Node.Actors;
using ActorFs.Node.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorFs.Node.Hosting;

/// <summary>
/// A node on 127.0.0.1 with ephemeral ports, ignoring the process environment: what the tests and the
/// benchmarks run in their own process.
/// </summary>
internal static class LoopbackNode
{
    public static NodeSettings Settings(string root, bool tls, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["actorfs.node.root"] = root,
            ["actorfs.node.bind"] = "127.0.0.1",
            ["actorfs.node.control-port"] = "0",
            ["actorfs.node.transfer-port"] = "0",
            ["actorfs.tls.enabled"] = tls ? "on" : "off",
            ["actorfs.log.level"] = "warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) flags[key] = value;
        return NodeSettings.Bind(NodeConfiguration.Load(null, flags, EnvironmentSources.None));
    }

    /// <summary>Starts the host and returns where the node listens.</summary>
    public static async Task<NodeGuardian.Started> StartAsync(IHost host)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(deadline.Token).ConfigureAwait(false);
        var guardian = host.Services.GetRequiredService<IReadOnlyActorRegistry>().Get<NodeGuardian>();
        return await guardian.Ask<NodeGuardian.Started>(NodeGuardian.WaitStarted.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}
