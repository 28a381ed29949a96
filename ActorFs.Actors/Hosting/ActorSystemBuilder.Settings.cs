using ActorFs.Actors.Configuration;

namespace ActorFs.Actors.Hosting;

/// <summary>How <see cref="ActorSystemBuilder.AddHocon"/> combines a configuration with what was added before.</summary>
public enum HoconAddMode
{
    /// <summary>The new configuration is a fallback: what was added before wins.</summary>
    Append,

    /// <summary>The new configuration wins over what was added before.</summary>
    Prepend,

    /// <summary>The new configuration replaces everything added before.</summary>
    Replace,
}

public sealed partial class ActorSystemBuilder
{
    private Config _config = ConfigurationFactory.Empty;

    /// <summary>Adds HOCON configuration for the kernel (<c>actorfs.actor.*</c>, <c>actorfs.coordinated-shutdown.*</c>...).</summary>
    public ActorSystemBuilder AddHocon(Config config, HoconAddMode mode)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = mode switch
        {
            HoconAddMode.Append => _config.WithFallback(config),
            HoconAddMode.Prepend => config.WithFallback(_config),
            _ => config,
        };
        return this;
    }

    private ActorSystemSettings BaseSettings() => _config.IsEmpty ? ActorSystemSettings.Default : ActorSystemSettings.FromConfig(_config);
}
