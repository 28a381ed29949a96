namespace ActorFs.Tests.Support;

/// <summary>
/// A fact that is skipped, with the reason, when <c>executable</c> is not on PATH
/// (e.g. openssl or python3 on a minimal CI image).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresExecutableFactAttribute : FactAttribute
{
    public RequiresExecutableFactAttribute(string executable)
    {
        Executable = executable;
        if (FindOnPath(executable) is null)
        {
            Skip = $"'{executable}' is not on PATH";
        }
    }

    public string Executable { get; }

    /// <summary>The full path of <paramref name="executable"/> on PATH, or null.</summary>
    public static string? FindOnPath(string executable)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
