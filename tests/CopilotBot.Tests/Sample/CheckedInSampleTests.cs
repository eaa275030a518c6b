using CopilotBot.Core.Sample;

namespace CopilotBot.Tests.Sample;

/// <summary>
/// knowledge/sample-portfolio is generated, never edited by hand. To rewrite it after changing the generator:
/// <c>COPILOTBOT_WRITE_SAMPLE=1 dotnet test tests/CopilotBot.Tests --filter "FullyQualifiedName~CheckedInSampleTests"</c>.
/// </summary>
public sealed class CheckedInSampleTests
{
    public const string WriteSampleVariable = "COPILOTBOT_WRITE_SAMPLE";

    [Fact]
    public void Checked_in_sample_is_exactly_what_the_generator_writes_with_default_options()
    {
        var checkedIn = Path.Combine(SampleFixture.RepositoryRoot(), "knowledge", "sample-portfolio");
        if (Environment.GetEnvironmentVariable(WriteSampleVariable) == "1")
        {
            PortfolioCsvWriter.Write(SampleFixture.Portfolio, checkedIn);
        }
        var temp = Directory.CreateTempSubdirectory("copilotbot-sample-");
        try
        {
            PortfolioCsvWriter.Write(SamplePortfolioGenerator.Generate(new SampleOptions()), temp.FullName);

            foreach (var name in PortfolioCsvWriter.FileNames)
            {
                var expected = Path.Combine(checkedIn, name);
                Assert.True(File.Exists(expected), $"{expected} is missing; run with {WriteSampleVariable}=1 to write it.");
                Assert.True(
                    File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.FullName, name))),
                    $"{name} differs from the generator's output; run with {WriteSampleVariable}=1 to rewrite the sample.");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
