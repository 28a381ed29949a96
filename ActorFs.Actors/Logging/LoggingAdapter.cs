using Serilog;
using Serilog.Events;

namespace ActorFs.Actors;

/// <summary>
/// An actor's logger, as Akka names it. Messages are Serilog message templates (<c>"Session {SessionId} ended"</c>),
/// and every event carries the actor's path as the <c>ActorPath</c> property.
/// </summary>
public interface ILoggingAdapter
{
    bool IsDebugEnabled { get; }

    bool IsInfoEnabled { get; }

    void Debug(string template, params object?[] args);

    void Info(string template, params object?[] args);

    void Warning(string template, params object?[] args);

    void Warning(Exception cause, string template, params object?[] args);

    void Error(string template, params object?[] args);

    void Error(Exception cause, string template, params object?[] args);
}

internal sealed class SerilogLoggingAdapter(ILogger logger) : ILoggingAdapter
{
    public bool IsDebugEnabled => logger.IsEnabled(LogEventLevel.Debug);

    public bool IsInfoEnabled => logger.IsEnabled(LogEventLevel.Information);

    public void Debug(string template, params object?[] args) => logger.Debug(template, args);

    public void Info(string template, params object?[] args) => logger.Information(template, args);

    public void Warning(string template, params object?[] args) => logger.Warning(template, args);

    public void Warning(Exception cause, string template, params object?[] args) => logger.Warning(cause, template, args);

    public void Error(string template, params object?[] args) => logger.Error(template, args);

    public void Error(Exception cause, string template, params object?[] args) => logger.Error(cause, template, args);
}

/// <summary><c>Context.GetLogger()</c>, as in Akka.</summary>
public static class LoggingExtensions
{
    public static ILoggingAdapter GetLogger(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var system = (ActorSystemImpl)context.System;
        var actorType = context.Props.ActorType;
        return new SerilogLoggingAdapter(system.Logger
            .ForContext("ActorPath", context.Self.Path.ToString())
            .ForContext(Serilog.Core.Constants.SourceContextPropertyName, actorType.FullName ?? actorType.Name));
    }
}
