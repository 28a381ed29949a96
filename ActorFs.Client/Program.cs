namespace ActorFs.Client;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("actorfs: usage: actorfs HOST[:PORT]");
        return args.Length == 0 ? 2 : 0;
    }
}
