using CopilotBot.Knowledge.Evaluation;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Knowledge;

public sealed class SyntheticPlaybookLibraryTests
{
    private static readonly string RealLibrary = Path.Combine(PlaybookLibraryRetrievalTests.RepositoryRoot(), "knowledge", "playbooks");

    [Fact]
    public async Task The_library_reaches_the_wanted_size_with_the_real_playbooks_unchanged()
    {
        using var folder = new TempDirectory();
        var chunks = await SyntheticPlaybookLibrary.WriteAsync(RealLibrary, folder.Path, targetChunks: 1_000);

        var chunker = new PlaybookChunker();
        var counted = Directory.EnumerateFiles(folder.Path, "*.md")
            .Sum(path => chunker.Chunk(PlaybookParser.Parse(Path.GetFileName(path), File.ReadAllText(path))).Count);
        Assert.Equal(chunks, counted);
        Assert.InRange(chunks, 1_000, 1_000 + 10);
        foreach (var real in Directory.EnumerateFiles(RealLibrary, "*.md"))
        {
            Assert.Equal(File.ReadAllText(real), File.ReadAllText(Path.Combine(folder.Path, Path.GetFileName(real))));
        }
    }

    [Fact]
    public async Task Generated_playbooks_mix_lines_of_the_real_ones_and_are_the_same_every_time()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await SyntheticPlaybookLibrary.WriteAsync(RealLibrary, first.Path, targetChunks: 600);
        await SyntheticPlaybookLibrary.WriteAsync(RealLibrary, second.Path, targetChunks: 600);

        var realLines = Directory.EnumerateFiles(RealLibrary, "*.md").SelectMany(File.ReadAllLines).Select(l => l.Trim()).ToHashSet();
        var generated = Directory.EnumerateFiles(first.Path, "generated-*.md").Order().ToList();
        Assert.NotEmpty(generated);
        foreach (var path in generated)
        {
            Assert.Equal(File.ReadAllText(path), File.ReadAllText(Path.Combine(second.Path, Path.GetFileName(path))));
            var document = PlaybookParser.Parse(Path.GetFileName(path), File.ReadAllText(path));
            Assert.Contains("field notes", document.Title, StringComparison.Ordinal);
            var body = document.Sections.Where(s => !s.IsPreamble).SelectMany(s => s.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.All(body, line => Assert.Contains(line.Trim(), realLines));
        }
    }
}
