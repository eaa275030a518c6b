using CopilotBot.Knowledge.Ingestion;

namespace CopilotBot.Tests.Knowledge;

public sealed class PlaybookParserTests
{
    [Fact]
    public void Reads_inline_and_dash_lists_and_quoted_scalars()
    {
        var document = PlaybookParser.Parse("playbooks/champion-loss.md", PlaybookFixtures.ChampionLoss);

        Assert.Equal("Champion loss", document.Title);
        Assert.Equal(["champion_left", "sponsor"], document.Risks);
        Assert.Equal(["main_street", "tornado"], document.Stages);
        Assert.Equal(["csm", "manager"], document.Personas);

        var quoted = PlaybookParser.Parse("playbooks/low-adoption.md", PlaybookFixtures.LowAdoption);
        Assert.Equal("Low adoption recovery", quoted.Title);
        Assert.Equal(["csm"], quoted.Personas);
    }

    [Fact]
    public void Single_value_list_keys_comments_and_missing_front_matter_are_accepted()
    {
        var single = PlaybookParser.Parse("playbooks/a.md", "---\ntitle: A # the title\nrisks: adoption\nowner: cs-ops\n---\n## Body\ntext");
        Assert.Equal("A", single.Title);
        Assert.Equal(["adoption"], single.Risks);
        Assert.Empty(single.Stages);

        var bare = PlaybookParser.Parse("playbooks/b.md", "# Bare playbook\n\nJust text.\n");
        Assert.Equal("Bare playbook", bare.Title);
        Assert.Empty(bare.Risks);
        Assert.Equal("bare-playbook", Assert.Single(bare.Sections).Anchor);
    }

    [Theory]
    [InlineData("---\ntitle: A\nrisks: [a, b\n---\n# A\n", 3, "not closed")]
    [InlineData("---\ntitle: A\nthis line has no colon\n---\n# A\n", 3, "expected 'key: value'")]
    [InlineData("---\ntitle: A\n- orphan\n---\n# A\n", 3, "does not follow")]
    [InlineData("\n---\ntitle: A\nrisks: [a]\n", 2, "never closed")]
    [InlineData("---\ntitle: A\n\n# A\nSome text.\n", 5, "is the closing '---' of the front matter opened at line 1 missing?")]
    [InlineData("---\ntitle: \"A\nrisks: [a]\n---\n", 2, "unterminated")]
    [InlineData("---\nrisks: [a]\n---\nno heading at all\n", 1, "no 'title'")]
    public void Broken_front_matter_names_file_and_line(string content, int line, string reason)
    {
        var error = Assert.Throws<PlaybookFormatException>(() => PlaybookParser.Parse("playbooks/broken.md", content));

        Assert.Equal("playbooks/broken.md", error.PlaybookPath);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"playbooks/broken.md:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_carry_heading_paths_and_github_anchors()
    {
        const string content = """
            ---
            title: Escalations
            ---
            # Escalations

            Intro text.

            ## Sev-1 outage: what to do?
            Call the customer.

            ### Within the first hour
            Post a status update.

            #### Detail that stays in its parent
            More.

            ```
            ## not a heading inside code
            ```

            ## Follow-up
            Write the post-mortem.

            ## Follow-up
            A second section with the same name.
            """;

        var sections = PlaybookParser.Parse("playbooks/escalations.md", content).Sections;

        Assert.Equal(["escalations", "sev-1-outage-what-to-do", "within-the-first-hour", "follow-up", "follow-up-1"], sections.Select(s => s.Anchor));
        Assert.Equal(["Escalations", "Sev-1 outage: what to do?", "Within the first hour"], sections[2].HeadingPath);
        Assert.Equal(["Escalations", "Follow-up"], sections[3].HeadingPath);
        Assert.Contains("#### Detail that stays in its parent", sections[2].Text, StringComparison.Ordinal);
        Assert.Contains("## not a heading inside code", sections[2].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("First 30 days", "first-30-days")]
    [InlineData("What's next? (Q&A)", "whats-next-qa")]
    [InlineData("  Re-launch plan ", "re-launch-plan")]
    [InlineData("Step 1 - call_the sponsor", "step-1---call_the-sponsor")]
    public void Slugs_follow_github(string heading, string slug) => Assert.Equal(slug, HeadingSlug.Create(heading));

    [Fact]
    public void Headings_are_cited_by_their_rendered_text()
    {
        var document = PlaybookParser.Parse("playbooks/x.md", "# X\n## Use the [health model](../health.md) **now**\ntext\n");

        Assert.Equal("use-the-health-model-now", document.Sections.Single().Anchor);
    }
}
