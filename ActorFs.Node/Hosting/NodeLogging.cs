using ActorFs.Node.Settings;
using Serilog;
using Serilog.Core;

namespace ActorFs.Node.Hosting;

/// <summary>The one Serilog logger of a node, used by the host and the actor kernel alike.</summary>
internal static class NodeLogging
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {ActorPath} {Message:lj}{NewLine}{Exception}";

    public static Logger Create(LogSettings settings)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.Level)
            // The host repeats, with a stack trace, start-up failures the node already reports in one line.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", Serilog.Events.LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        if (settings.File is { } file)
        {
            configuration = configuration.WriteTo.File(file, outputTemplate: FileTemplate, rollingInterval: RollingInterval.Day);
        }
        return configuration.CreateLogger();
    }
}
