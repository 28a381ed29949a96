namespace ActorFs.Tests.Configuration;

/// <summary>A fact about the HOCON conformance corpus, skipped (with the reason) when the corpus folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceCorpus.Directory is null)
        {
            Skip = ConformanceCorpus.MissingReason;
        }
    }
}
