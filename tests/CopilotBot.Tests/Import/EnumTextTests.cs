using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;

namespace CopilotBot.Tests.Import;

public sealed class EnumTextTests
{
    // The value lists of DATA-FORMAT.md, verbatim.
    [Fact]
    public void EveryEnumReadsAndWritesTheValuesTheFormatDocuments()
    {
        AssertValues<UserRole>("csm", "sales", "manager", "admin");
        AssertValues<Segment>("enterprise", "mid_market", "smb");
        AssertValues<AdoptionStage>("early_market", "chasm", "tornado", "main_street");
        AssertValues<ContactRole>("executive_sponsor", "champion", "economic_buyer", "technical_buyer", "end_user", "detractor");
        AssertValues<Sentiment>("positive", "neutral", "negative");
        AssertValues<ContactStatus>("active", "left");
        AssertValues<TicketPriority>("P1", "P2", "P3", "P4");
        AssertValues<TicketCategory>("bug", "outage", "how_to", "feature_request", "billing", "other");
        AssertValues<TicketStatus>("open", "pending", "closed");
        AssertValues<SurveyType>("nps", "csat");
        AssertValues<InteractionType>("call", "meeting", "email", "qbr", "escalation", "note");
        AssertValues<OutcomeStatus>("on_track", "at_risk", "achieved", "missed");
    }

    [Theory]
    [InlineData("MID_MARKET", true)]
    [InlineData("Mid_Market", true)]
    [InlineData("midmarket", false)]
    [InlineData("mid-market", false)]
    [InlineData("MidMarket", false)]
    public void ParsingIgnoresCaseButNotSpelling(string text, bool parses)
    {
        Assert.Equal(parses, EnumText<Segment>.TryParse(text, out var segment));
        Assert.Equal(parses ? Segment.MidMarket : default, segment);
    }

    private static void AssertValues<TEnum>(params string[] documented)
        where TEnum : struct, Enum
    {
        Assert.Equal(documented, Enum.GetValues<TEnum>().Select(EnumText<TEnum>.Format));
        Assert.Equal(Enum.GetValues<TEnum>(), documented.Select(EnumText<TEnum>.Parse));
    }
}
