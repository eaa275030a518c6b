using System.Text;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;

namespace CopilotBot.Tests.Sample;

public sealed class PortfolioCsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Fields_are_quoted_per_RFC_4180(string value, string expected) =>
        Assert.Equal(expected, PortfolioCsvWriter.Quote(value));

    [Fact]
    public void Writes_headers_iso_dates_invariant_numbers_and_snake_case_enums()
    {
        var account = new Account("A-1", "Coho, Inc.", null, Segment.MidMarket, AdoptionStage.MainStreet, "alexw@example.com", null,
            1234.5m, "USD", null, new DateOnly(2027, 1, 2), 10, ["Service Desk", "Analytics"]);
        var portfolio = new PortfolioData(
            [new User("alexw@example.com", "Alex Wilber", UserRole.Csm, null, null)],
            [account],
            [new Contact("C-1", "A-1", "Jo \"JJ\" Park", null, null, ContactRole.ExecutiveSponsor, Sentiment.Negative, null, ContactStatus.Left, new DateOnly(2026, 10, 23))],
            [new UsageWeek("A-1", new DateOnly(2026, 11, 16), 8, null, 62.5m)],
            [new Ticket("T-1", "A-1", new DateOnly(2026, 11, 1), null, TicketPriority.P1, TicketCategory.FeatureRequest, TicketStatus.Open, "Down")],
            [],
            [],
            [new Outcome("O-1", "A-1", "Cut time", null, 12m, 6m, null, "hours/week", null, OutcomeStatus.OnTrack)]);
        var dir = Directory.CreateTempSubdirectory("copilotbot-csv-");
        try
        {
            PortfolioCsvWriter.Write(portfolio, dir.FullName);
            string Read(string name) => File.ReadAllText(Path.Combine(dir.FullName, name), Encoding.UTF8);

            Assert.Equal(PortfolioCsvWriter.FileNames.Order(), dir.GetFiles().Select(f => f.Name).Order());
            Assert.Equal(
                "account_id,name,industry,segment,adoption_stage,csm_email,sales_email,arr,currency,contract_start,renewal_date,licensed_seats,products\n" +
                "A-1,\"Coho, Inc.\",,mid_market,main_street,alexw@example.com,,1234.5,USD,,2027-01-02,10,Service Desk;Analytics\n",
                Read("accounts.csv"));
            Assert.EndsWith("C-1,A-1,\"Jo \"\"JJ\"\" Park\",,,executive_sponsor,negative,,left,2026-10-23\n", Read("contacts.csv"), StringComparison.Ordinal);
            Assert.EndsWith("A-1,2026-11-16,8,,62.5\n", Read("usage.csv"), StringComparison.Ordinal);
            Assert.EndsWith("T-1,A-1,2026-11-01,,P1,feature_request,open,Down\n", Read("tickets.csv"), StringComparison.Ordinal);
            Assert.Equal("survey_id,account_id,contact_id,date,type,score,comment\n", Read("surveys.csv"));
            Assert.EndsWith("O-1,A-1,Cut time,,12,6,,hours/week,,on_track\n", Read("outcomes.csv"), StringComparison.Ordinal);
            Assert.NotEqual(0xEF, File.ReadAllBytes(Path.Combine(dir.FullName, "users.csv"))[0]); // no BOM
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
