using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Security;

/// <summary>Item 7 of issue 20: data is shown as text, never as markup or terminal control sequences.</summary>
public sealed class MarkupInDataTests : IDisposable
{
    private const string MarkupComment =
        "See [the report][s] **now**\n[s]: //evil.example/path\n# Urgent heading\n__underlined__ <b>x</b> `code` ~~gone~~";

    private readonly CopilotHarness _harness = new(
        SamplePortfolio.Data with
        {
            Surveys = [.. SamplePortfolio.Data.Surveys.Select(s => s.SurveyId == "S-9" ? s with { Comment = MarkupComment } : s)],
        },
        new FakeHealthScorer(SamplePortfolio.Health),
        SamplePortfolio.AsOf);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Item7_a_survey_comment_with_a_reference_link_heading_or_bold_is_shown_literally_in_the_feedback_answer()
    {
        var draft = await _harness.Copilot.AskAsync(new AskRequest("what's the NPS at acme?", SamplePortfolio.Jane, null));

        var item = Assert.Single(draft.Sections.SelectMany(s => s.Items), i => i.Text.Contains("the report", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', item.Text);
        Assert.Contains(@"\[the report\]\[s\] \*\*now\*\* \[s\]: //evil.example/path \# Urgent heading \_\_underlined\_\_ \<b\>x\</b\> \`code\` \~\~gone\~\~", item.Text, StringComparison.Ordinal);
        var lines = draft.Markdown.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("[s]:", StringComparison.Ordinal) || l.StartsWith("# Urgent", StringComparison.Ordinal));
        Assert.DoesNotContain("**now**", draft.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clear\u001b[2J\u001b[Hscreen", @"clear \[2J \[Hscreen")]
    [InlineData("bell\u0007 and \u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\", @"bell and \]8;;https://evil.example \\link \]8;; \\")]
    [InlineData("c1\u009b31m red", "c1 31m red")]
    [InlineData("plain text, nothing to do", "plain text, nothing to do")]
    public void Item7_control_characters_are_removed_from_quoted_data(string data, string expected)
    {
        Assert.Equal(expected, InertText.Inline(data));
    }
}
