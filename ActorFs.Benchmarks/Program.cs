using ActorFs.Benchmarks.Io;

namespace ActorFs.Benchmarks;

/// <summary>Dispatches to one scenario per file: <c>ActorFs.Benchmarks SCENARIO [options]</c>.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var scenario = args.Length > 0 ? args[0] : "";
        var options = args.Length > 0 ? args[1..] : [];
        switch (scenario)
        {
            case "io":
                return IoBenchmark.Run(options);
            default:
                Console.Error.WriteLine("usage: ActorFs.Benchmarks SCENARIO [--quick] [options]   (scenarios: io)");
                return 2;
        }
    }
}
