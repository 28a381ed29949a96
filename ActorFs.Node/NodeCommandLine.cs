namespace ActorFs.Node;

/// <summary>Parses actorfs-node's command line; replaced by the full node launcher as the node lands.</summary>
internal static class NodeCommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("actorfs-node: the node is being assembled; see README.md");
        return args.Length == 0 ? 0 : 2;
    }
}
