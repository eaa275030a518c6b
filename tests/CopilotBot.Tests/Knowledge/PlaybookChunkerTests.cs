using CopilotBot.Knowledge.Ingestion;

namespace CopilotBot.Tests.Knowledge;

public sealed class PlaybookChunkerTests
{
    [Fact]
    public void Short_sections_become_one_chunk_each_with_source_and_metadata()
    {
        var document = PlaybookParser.Parse("playbooks/champion-loss.md", PlaybookFixtures.ChampionLoss);

        var chunks = new PlaybookChunker().Chunk(document);

        Assert.Equal(["playbooks/champion-loss.md#first-30-days", "playbooks/champion-loss.md#warning-signs"], chunks.Select(c => c.Source));
        var first30 = chunks[0];
        Assert.Equal("playbooks/champion-loss.md#first-30-days~0", first30.Id);
        Assert.Equal(["Champion loss", "First 30 days"], first30.HeadingPath);
        Assert.Equal("Champion loss", first30.Title);
        Assert.Equal(["champion_left", "sponsor"], first30.Risks);
        Assert.StartsWith("Identify a new champion", first30.Text, StringComparison.Ordinal);
        // The overview is not a passage of its own (it has no ##/### anchor) but travels with every section.
        Assert.All(chunks, c => Assert.StartsWith("When the person who bought", c.Context, StringComparison.Ordinal));
    }

    [Fact]
    public void A_playbook_without_sections_is_cited_by_its_overview()
    {
        var document = PlaybookParser.Parse("playbooks/short.md", "---\ntitle: Short\n---\n# Short\n\nOnly an overview.\n");

        var chunk = Assert.Single(new PlaybookChunker().Chunk(document));
        Assert.Equal("playbooks/short.md#short", chunk.Source);
        Assert.Equal(string.Empty, chunk.Context);
    }

    [Fact]
    public void Long_sections_are_split_into_overlapping_windows_covering_every_word()
    {
        var words = Enumerable.Range(1, 1000).Select(i => $"w{i}").ToList();
        var document = PlaybookParser.Parse("playbooks/long.md", "# Long\n## Big section\n" + string.Join(' ', words));
        var chunker = new PlaybookChunker(maxWords: 350, windowWords: 250, overlapWords: 50);

        var chunks = chunker.Chunk(document);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Equal("playbooks/long.md#big-section", c.Source));
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
        var windows = chunks.Select(c => c.Text.Split(' ')).ToList();
        Assert.All(windows, w => Assert.InRange(w.Length, 50, 350));
        for (var i = 1; i < windows.Count; i++)
        {
            // The last 50 words of one window open the next.
            Assert.Equal(windows[i - 1][^50..], windows[i][..50]);
        }

        Assert.Equal(words, windows.SelectMany((w, i) => i == 0 ? w : w[50..]));
    }

    [Fact]
    public void Sections_under_the_limit_are_not_split()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 350));
        var document = PlaybookParser.Parse("playbooks/edge.md", "# Edge\n## Exactly at the limit\n" + text);

        Assert.Single(new PlaybookChunker(maxWords: 350).Chunk(document));
    }
}
