using System.Text;
using System.Text.Json;
using ActorFs.Node.Commands;
using ActorFs.Node.Storage;
using ActorFs.Tests.Node.Storage;

namespace ActorFs.Tests.Node.Commands;

/// <summary>A session's commands over a real <see cref="LocalFileStore"/> in a temp folder, with helpers that send one frame and read the reply.</summary>
internal sealed class CommandsFixture : IDisposable
{
    public static readonly TransferTicket Ticket = new("t-1", "TOKEN_abc-123", null, 3000, TimeSpan.FromSeconds(60));

    public CommandsFixture(CommandSettings? settings = null)
    {
        Store = Temp.CreateStore();
        State = new SessionState("session-1");
        Commands = new SessionCommands(Store, settings ?? new CommandSettings("node-a", "ActorFs/0.1.0"), State);
    }

    public TempRoot Temp { get; } = new();

    public LocalFileStore Store { get; }

    public SessionState State { get; }

    public SessionCommands Commands { get; }

    public Task<CommandOutcome> SendAsync(string json) => Commands.HandleFrameAsync(Encoding.UTF8.GetBytes(json), CancellationToken.None).AsTask();

    /// <summary>Sends one frame and returns the reply's text (the outcome must be a plain reply).</summary>
    public async Task<string> ReplyAsync(string json)
    {
        var outcome = await SendAsync(json);
        var reply = Assert.IsType<CommandOutcome.Reply>(outcome);
        return Encoding.UTF8.GetString(reply.Bytes.Span);
    }

    /// <summary>A legacy request <c>{"command": ..., "argument": ...}</c> and its reply text.</summary>
    public Task<string> LegacyAsync(string command, string? argument) =>
        ReplyAsync(JsonSerializer.Serialize(new Dictionary<string, string?> { ["command"] = command, ["argument"] = argument }));

    /// <summary>Switches the session to v2.</summary>
    public async Task HelloAsync()
    {
        await ReplyAsync("""{"id":0,"command":"hello","protocol":2}""");
        Assert.Equal(ProtocolMode.V2, State.Mode);
    }

    /// <summary>Sends a v2 request and parses the reply line.</summary>
    public async Task<JsonElement> V2Async(string json) => Parse(await ReplyAsync(json));

    public static JsonElement Parse(string line)
    {
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    public static JsonElement Parse(ReadOnlyMemory<byte> bytes) => Parse(Encoding.UTF8.GetString(bytes.Span));

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public void Dispose() => Temp.Dispose();
}

/// <summary>Assertions on parsed v2 replies.</summary>
internal static class V2Reply
{
    public static void AssertOk(JsonElement reply, long id, string command, int status = 200)
    {
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Equal(id, reply.GetProperty("id").GetInt64());
        Assert.Equal(command, reply.GetProperty("command").GetString());
        Assert.Equal(status, reply.GetProperty("status").GetInt32());
        Assert.False(reply.TryGetProperty("error", out _));
    }

    public static void AssertError(JsonElement reply, int status, string error, string? field = null)
    {
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Equal(status, reply.GetProperty("status").GetInt32());
        Assert.Equal(error, reply.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(reply.GetProperty("message").GetString()));
        Assert.False(reply.TryGetProperty("content", out _));
        if (field is not null)
        {
            Assert.Equal(field, reply.GetProperty("field").GetString());
        }
    }

    public static JsonElement Content(JsonElement reply) => reply.GetProperty("content");
}
