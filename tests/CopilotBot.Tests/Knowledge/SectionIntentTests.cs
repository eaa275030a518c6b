using CopilotBot.Knowledge.Retrieval;

namespace CopilotBot.Tests.Knowledge;

public sealed class SectionIntentTests
{
    [Theory]
    [InlineData("what do I say to the new VP?", nameof(SectionKind.TalkTrack))]
    [InlineData("draft an email to a customer who went quiet", nameof(SectionKind.TalkTrack))]
    [InlineData("what should I ask before the renewal call", nameof(SectionKind.Diagnosis))]
    [InlineData("usage is down, what do I do", nameof(SectionKind.Actions))]
    [InlineData("give me a plan for the next two weeks", nameof(SectionKind.Actions))]
    [InlineData("how will I know it worked", nameof(SectionKind.SuccessMeasures))]
    [InlineData("early warning signs of churn", nameof(SectionKind.Signals))]
    [InlineData("common mistakes to avoid in a pilot", nameof(SectionKind.Pitfalls))]
    [InlineData("how many seats should be active by month three", nameof(SectionKind.SuccessMeasures))]
    [InlineData("which accounts are ready for an upsell", nameof(SectionKind.Signals))]
    public void Wording_cues_name_the_kind_of_section_asked_for(string query, string kind)
    {
        var expected = Enum.Parse<SectionKind>(kind);
        var intent = SectionIntent.Of(query);

        Assert.Equal(1f, intent[(int)expected]);
        Assert.Equal(expected, (SectionKind)Array.IndexOf(intent, intent.Max()));
    }

    [Fact]
    public void A_bare_situation_asks_first_for_actions_and_how_do_i_is_not_a_cue_for_doing()
    {
        var situation = SectionIntent.Of("Hooli has 27 open tickets and keeps raising more");
        var asking = SectionIntent.Of("how do I ask a customer for a reference");

        Assert.Equal(SectionKind.Actions, (SectionKind)Array.IndexOf(situation, situation.Max()));
        Assert.True(situation[(int)SectionKind.Diagnosis] is > 0 and < 1);
        // "do" in "how do I ask" adds nothing for actions: they keep only the background every cued query keeps.
        Assert.Equal(SectionIntent.Of("what questions to ask a customer for a reference")[(int)SectionKind.Actions], asking[(int)SectionKind.Actions]);
        Assert.True(asking[(int)SectionKind.Actions] < asking[(int)SectionKind.Diagnosis]);
        Assert.Equal(1f, asking[(int)SectionKind.Diagnosis]);
    }

    [Fact]
    public void A_cue_leads_and_what_is_usually_wanted_still_orders_the_rest()
    {
        var intent = SectionIntent.Of("what should I tell the new VP");

        Assert.Equal(1f, intent[(int)SectionKind.TalkTrack]);
        Assert.True(intent[(int)SectionKind.Actions] is > 0 and < 1);
        Assert.True(intent[(int)SectionKind.Diagnosis] > intent[(int)SectionKind.SuccessMeasures]);
    }

    [Theory]
    [InlineData(new[] { "Champion loss", "Talk track" }, nameof(SectionKind.TalkTrack))]
    [InlineData(new[] { "Champion loss", "Actions", "First 30 days" }, nameof(SectionKind.Actions))]
    [InlineData(new[] { "Renewal", "Diagnosis questions" }, nameof(SectionKind.Diagnosis))]
    [InlineData(new[] { "Discovery", "Who you are dealing with" }, nameof(SectionKind.Other))]
    public void A_passage_is_the_kind_of_its_standard_heading_subsections_included(string[] headingPath, string kind) =>
        Assert.Equal(Enum.Parse<SectionKind>(kind), SectionIntent.KindOf(headingPath));
}
