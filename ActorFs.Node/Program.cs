namespace ActorFs.Node;

internal static class Program
{
    public static int Main(string[] args) => NodeCommandLine.Run(args);
}
