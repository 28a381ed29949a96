namespace ActorFs.Tests.Node.Commands;

public sealed class CommandCancellationSpec : IDisposable
{
    private readonly CommandsFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_cancelled_digest_is_not_turned_into_a_reply_but_propagates_to_the_session()
    {
        _f.Temp.WriteFile("a.txt", "hello");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await _f.Commands.HandleFrameAsync("""{"command": "get", "argument": "a.txt"}"""u8.ToArray(), cancelled.Token));
    }
}
