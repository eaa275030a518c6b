using CopilotBot.Cli;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Cli;

/// <summary>Item 8 of issue 20: a data folder that cannot be used is a message and exit 1, never a stack trace.</summary>
public sealed class CliFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Item8_data_on_a_file_or_an_unwritable_path_exits_1_with_a_message()
    {
        var file = _directory.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        foreach (var data in new[] { file, "/proc/copilot-cannot-be-here" })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CopilotCli.RunAsync(["portfolio", "--as", "alexw@example.com", "--data", data], CliOutput.Plain(output, error));

            Assert.Equal(CopilotCli.Failure, exit);
            Assert.StartsWith("The data store cannot be used:", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.ToString() + output, StringComparison.Ordinal);
        }
    }
}
