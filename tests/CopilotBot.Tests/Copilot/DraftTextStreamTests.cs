using CopilotBot.Copilot.Llm;

namespace CopilotBot.Tests.Copilot;

public sealed class DraftTextStreamTests
{
    private const string Json =
        """{"sections":[{"title":"Diagnosis","items":[{"text":"Score 38 \"red\" \u2014 champion left.","citations":["C1","C2"]}]},{"title":"Actions","items":[{"text":"Call Elena\nby Friday.","citations":["C3"]}]}]}""";

    private const string Expected = "\n## Diagnosis\n- Score 38 \"red\" \u2014 champion left.\n## Actions\n- Call Elena\nby Friday.";

    [Fact]
    public void Streams_titles_and_item_texts_only()
    {
        Assert.Equal(Expected, new DraftTextStream().Feed(Json));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Gives_the_same_text_whatever_the_chunking(int size)
    {
        var stream = new DraftTextStream();
        var text = string.Concat(Enumerable.Range(0, (Json.Length + size - 1) / size)
            .Select(i => stream.Feed(Json.Substring(i * size, Math.Min(size, Json.Length - (i * size))))));
        Assert.Equal(Expected, text);
    }

    [Fact]
    public void Citation_ids_and_keys_never_reach_the_reader()
    {
        var text = new DraftTextStream().Feed(Json);
        Assert.DoesNotContain("C1", text);
        Assert.DoesNotContain("citations", text);
        Assert.DoesNotContain("{", text);
    }
}
