using System.Text.Json;
using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class ConformanceSpec
{
    public static IEnumerable<object[]> Cases => ConformanceCorpus.Cases();

    [ConformanceTheory]
    [MemberData(nameof(Cases))]
    public void Every_corpus_case_parses_to_the_same_tree_as_its_folders_original_json(string folder, string file)
    {
        var directory = Path.Combine(ConformanceCorpus.Directory!, folder);
        var expected = ConfigurationFactory.Load(Path.Combine(directory, "original.json"), EnvironmentSources.None);
        var actual = ConfigurationFactory.Load(Path.Combine(directory, file), EnvironmentSources.None);

        using var expectedJson = JsonDocument.Parse(expected.ToJson());
        using var actualJson = JsonDocument.Parse(actual.ToJson());
        using var strictJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "original.json")));
        Assert.Null(JsonTree.FirstDifference(strictJson.RootElement, expectedJson.RootElement));
        Assert.Null(JsonTree.FirstDifference(expectedJson.RootElement, actualJson.RootElement));
    }

    [ConformanceFact]
    public void The_corpus_holds_the_fifteen_upstream_cases_in_five_folders()
    {
        var cases = ConformanceCorpus.Cases().ToList();

        Assert.Equal(15, cases.Count);
        Assert.Equal(5, cases.Select(c => c[0]).Distinct().Count());
    }
}
