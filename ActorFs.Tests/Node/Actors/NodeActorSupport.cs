using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorFs.Actors;
using ActorFs.Actors.Configuration;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Node.Settings;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Node.Actors;

/// <summary>Settings, sockets and a stand-in parent for the node's actor specs.</summary>
internal static class NodeActorSupport
{
    /// <summary>The node's defaults over <paramref name="root"/>, with <paramref name="overrides"/> laid on top.</summary>
    public static NodeSettings Settings(string root, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["actorfs.node.root"] = root,
            ["actorfs.node.bind"] = "127.0.0.1",
            ["actorfs.tls.enabled"] = "off",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) flags[key] = value;
        return NodeSettings.Bind(NodeConfiguration.Load(null, flags, EnvironmentSources.None));
    }

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static JsonElement Json(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    /// <summary>Two connected loopback sockets: the node's end and the client's end.</summary>
    public static async Task<(Socket Node, Socket Client)> SocketPairAsync()
    {
        using var listener = Loopback.Listen();
        var accept = listener.AcceptAsync();
        var client = await Loopback.ConnectAsync(Loopback.EndPointOf(listener));
        var node = await accept.WaitAsync(Loopback.Deadline);
        return (node, client);
    }

    /// <summary>Makes sure <paramref name="actor"/> has started (its PreStart ran, so its first timers are scheduled).</summary>
    public static void AwaitStarted(TestKitBase kit, IActorRef actor)
    {
        var probe = kit.CreateTestProbe();
        actor.Tell(new Identify("started"), probe.Ref);
        probe.ExpectMsg<ActorIdentity>();
    }
}

/// <summary>
/// A parent for a child under test: creates it, forwards what the child tells it to a probe, passes
/// anything else on to the child, and stops a child that throws (as a Session does with its transfers).
/// (A Terminated cannot be forwarded, as in Akka: a test that cares watches the child itself.)
/// </summary>
internal sealed class ForwardingParent : ReceiveActor
{
    public ForwardingParent(Props child, string name, IActorRef probe)
    {
        var created = Context.ActorOf(child, name);
        Receive<ToChild>(m => created.Forward(m.Message));
        ReceiveAny(message =>
        {
            if (Sender.Equals(created)) probe.Forward(message);
            else created.Forward(message);
        });
    }

    public static Props Props(Props child, string name, IActorRef probe) =>
        ActorFs.Actors.Props.Create(() => new ForwardingParent(child, name, probe));

    protected override SupervisorStrategy SupervisorStrategy() => ActorFs.Actors.SupervisorStrategy.StoppingStrategy;

    /// <summary>Passes a message the parent would otherwise handle itself (e.g. Identify) on to the child.</summary>
    public sealed record ToChild(object Message);
}
