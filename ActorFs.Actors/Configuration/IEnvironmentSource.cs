namespace ActorFs.Actors.Configuration;

/// <summary>
/// Where substitutions that are not found in the configuration tree are looked up (normally the process environment).
/// Injected so that tests and tools never depend on the real environment.
/// </summary>
public interface IEnvironmentSource
{
    /// <summary>Returns the variable's value, or null when it is not set.</summary>
    string? GetVariable(string name);
}

/// <summary>The stock environment sources.</summary>
public static class EnvironmentSources
{
    /// <summary>The process environment.</summary>
    public static IEnvironmentSource Process { get; } = new ProcessEnvironment();

    /// <summary>No variables at all: substitutions must be satisfied by the tree itself.</summary>
    public static IEnvironmentSource None { get; } = new DictionaryEnvironment(new Dictionary<string, string>());

    /// <summary>A fixed set of variables.</summary>
    public static IEnvironmentSource From(IReadOnlyDictionary<string, string> variables) =>
        new DictionaryEnvironment(variables);

    private sealed class ProcessEnvironment : IEnvironmentSource
    {
        public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
    }

    private sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironmentSource
    {
        public string? GetVariable(string name) => variables.TryGetValue(name, out var value) ? value : null;
    }
}
