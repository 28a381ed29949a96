namespace ActorFs.Tests.Configuration;

/// <summary>A theory over the HOCON conformance corpus, skipped (with the reason) when the corpus folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (ConformanceCorpus.Directory is null)
        {
            Skip = ConformanceCorpus.MissingReason;
        }
    }
}
