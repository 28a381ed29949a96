using ActorFs.Actors;
using ActorFs.Actors.Hosting;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ActorFs.Tests.EndToEnd;

/// <summary>The node as a generic-host application: its actors and services are there to be resolved.</summary>
public sealed class NodeHostingSpecs : IAsyncLifetime
{
    private RunningNode _node = null!;

    public async Task InitializeAsync() => _node = await RunningNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task The_node_registers_its_guardian_and_token_registry_as_required_actors_beside_its_services()
    {
        var guardian = _node.Services.GetRequiredService<IRequiredActor<NodeGuardian>>().ActorRef;
        var tokens = await _node.Services.GetRequiredService<IRequiredActor<TokenRegistry>>().GetAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("/user/node", "/" + string.Join('/', guardian.Path.Elements));
        Assert.Equal("/user/node/tokens", "/" + string.Join('/', tokens.Path.Elements));
        Assert.NotNull(_node.Services.GetRequiredService<IFileStore>());
        Assert.Equal(_node.Settings, _node.Services.GetRequiredService<ActorFs.Node.Settings.NodeSettings>());
        Assert.False(_node.Services.GetRequiredService<ActorSystem>().WhenTerminated.IsCompleted);
    }
}
