using CopilotBot.Copilot.Llm;

namespace CopilotBot.Tests.Copilot;

public sealed class DraftTextStreamTests
{
    private const string Json =
        """{"sections":[{"title":"Diagnosis","items":[{"text":"Score 38 \"red\" \u2014 champion left.","citations":["C1","C2"]}]},{"title":"Actions","items":[{"text":"Call Elena\nby Friday.","citations":["C3"]}]}]}""";

    private static readonly StreamedItem[] s_expected =
    [
        new("Diagnosis", "Score 38 \"red\" \u2014 champion left.", ["C1", "C2"]),
        new("Actions", "Call Elena\nby Friday.", ["C3"]),
    ];

    [Fact]
    public void Hands_over_each_item_with_its_section_title_and_citations()
    {
        var items = new DraftTextStream().Feed(Json);
        Assert.Equal(s_expected.Length, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(s_expected[i].SectionTitle, items[i].SectionTitle);
            Assert.Equal(s_expected[i].Text, items[i].Text);
            Assert.Equal(s_expected[i].Citations, items[i].Citations);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Gives_the_same_items_whatever_the_chunking(int size)
    {
        var stream = new DraftTextStream();
        var items = Enumerable.Range(0, (Json.Length + size - 1) / size)
            .SelectMany(i => stream.Feed(Json.Substring(i * size, Math.Min(size, Json.Length - (i * size)))))
            .ToList();
        Assert.Equal(s_expected.Select(e => (e.SectionTitle, e.Text, string.Join(",", e.Citations))),
            items.Select(e => (e.SectionTitle, e.Text, string.Join(",", e.Citations))));
    }

    [Fact]
    public void An_item_is_handed_over_only_once_it_is_complete()
    {
        var stream = new DraftTextStream();
        var cut = Json.IndexOf("\"C2\"", StringComparison.Ordinal);
        Assert.Empty(stream.Feed(Json[..cut]));
        Assert.Equal(2, stream.Feed(Json[cut..]).Count);
    }
}
