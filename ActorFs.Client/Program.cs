using ActorFs.Client.Shell;

namespace ActorFs.Client;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await Cli.RunAsync(args, CliEnvironment.FromConsole(), cancel.Token).ConfigureAwait(false);
    }
}
