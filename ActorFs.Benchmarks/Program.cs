namespace ActorFs.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: ActorFs.Benchmarks SCENARIO [--quick]");
        return args.Length == 0 ? 2 : 0;
    }
}
