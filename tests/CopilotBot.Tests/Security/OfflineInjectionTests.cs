using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Security;

/// <summary>Offline drafts and answers over an account whose notes try to take over: they neither obey nor leak.</summary>
public sealed partial class OfflineInjectionTests : IDisposable
{
    private readonly CopilotHarness _harness = new(HostilePortfolio.Data, scorer: null, SamplePortfolio.AsOf, playbooks: HostilePortfolio.Playbooks);

    public void Dispose() => _harness.Dispose();

    public static TheoryData<DraftKind, string> KindsAndUsers => new()
    {
        { DraftKind.RemediationPlan, SamplePortfolio.Jane },
        { DraftKind.DiscoveryQuestions, SamplePortfolio.Jane },
        { DraftKind.RenewalTalkingPoints, SamplePortfolio.Jane },
        { DraftKind.PreCallBrief, SamplePortfolio.Sam },
        { DraftKind.AccountSummary, SamplePortfolio.Mike },
    };

    [Theory]
    [MemberData(nameof(KindsAndUsers))]
    public async Task A_draft_over_hostile_notes_cites_only_this_account_and_leaks_nothing(DraftKind kind, string user)
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(kind, "acme", user));

        Assert.Equal("offline", draft.Mode);
        Assert.False(draft.Refused);
        AssertConfinedToAcme(draft);
        // Subjects, comments and goals are quoted, never written as the draft's own words.
        Assert.All(draft.Sections.SelectMany(s => s.Items).Where(i => i.Text.Contains("Ignore previous", StringComparison.Ordinal) && !i.Text.Contains("Tom Becker", StringComparison.Ordinal)), i =>
        {
            var at = i.Text.IndexOf("Ignore previous", StringComparison.Ordinal);
            Assert.True(i.Text[..at].Count(c => c is '"' or '“') % 2 == 1, $"not quoted: {i.Text[..Math.Min(200, i.Text.Length)]}");
        });
    }

    [Theory]
    [InlineData("how is Acme doing?")]
    [InlineData("why did Acme's score drop?")]
    [InlineData("what are the open tickets at Acme?")]
    [InlineData("who are the contacts at Acme?")]
    public async Task An_answer_over_hostile_notes_cites_only_this_account_and_leaks_nothing(string question)
    {
        var answer = await _harness.Copilot.AskAsync(new AskRequest(question, SamplePortfolio.Jane));

        AssertConfinedToAcme(answer);
    }

    [Fact]
    public async Task The_injected_order_to_list_all_accounts_is_not_followed()
    {
        var answer = await _harness.Copilot.AskAsync(new AskRequest("what happened on the last call with Acme?", SamplePortfolio.Jane));

        AssertConfinedToAcme(answer);
        Assert.Null(answer.PortfolioRows);
    }

    [Fact]
    public async Task A_manager_of_another_team_is_refused_however_hostile_the_notes()
    {
        var draft = await _harness.Copilot.DraftAsync(new DraftRequest(DraftKind.AccountSummary, "acme", HostilePortfolio.Ken));

        Assert.DoesNotContain("Acme", string.Join('\n', draft.Sections.SelectMany(s => s.Items).Select(i => i.Text)), StringComparison.Ordinal);
        Assert.Empty(draft.Citations);
        Assert.DoesNotContain("evil.example", draft.Markdown, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every citation resolves to a row of A-100 or a playbook passage; no name or id of another account appears;
    /// every [Cn] in the text is a citation the draft lists (a fake "[C9]" in data cannot pose as one). Making the
    /// quoted text inert for a chat client is the bot's job (see <see cref="CardInjectionTests"/>).
    /// </summary>
    private static void AssertConfinedToAcme(Draft draft)
    {
        var data = HostilePortfolio.Data;
        var own = new HashSet<string>(StringComparer.Ordinal) { "accounts.csv#A-100" };
        own.UnionWith(data.Contacts.Where(c => c.AccountId == "A-100").Select(c => $"contacts.csv#{c.ContactId}"));
        own.UnionWith(data.Tickets.Where(c => c.AccountId == "A-100").Select(c => $"tickets.csv#{c.TicketId}"));
        own.UnionWith(data.Surveys.Where(c => c.AccountId == "A-100").Select(c => $"surveys.csv#{c.SurveyId}"));
        own.UnionWith(data.Interactions.Where(c => c.AccountId == "A-100").Select(c => $"interactions.csv#{c.InteractionId}"));
        own.UnionWith(data.Outcomes.Where(c => c.AccountId == "A-100").Select(c => $"outcomes.csv#{c.OutcomeId}"));
        own.UnionWith(data.Usage.Where(c => c.AccountId == "A-100").Select(c => $"usage.csv#A-100@{c.WeekStart:yyyy-MM-dd}"));
        own.UnionWith(HostilePortfolio.Playbooks.Select(p => p.Source));

        Assert.NotEmpty(draft.Citations);
        Assert.All(draft.Citations, c => Assert.Contains(c.Source, own));
        Assert.All(draft.Sections.SelectMany(s => s.Items), i => Assert.All(i.Citations, id => Assert.Contains(draft.Citations, c => c.Id == id)));

        var everything = string.Join('\n', [draft.Markdown, .. draft.Sections.SelectMany(s => s.Items).Select(i => i.Text), .. draft.Citations.Select(c => c.Excerpt), .. draft.Warnings]);
        Assert.All(HostilePortfolio.Foreign, f => Assert.DoesNotContain(f, everything, StringComparison.Ordinal));

        var ids = draft.Citations.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(CitationMarker().Matches(draft.Markdown).Select(m => m.Groups[1].Value), id => Assert.Contains(id, ids));
        Assert.True(draft.Markdown.Length < 40_000, $"the 100 KB note must not be pasted whole: {draft.Markdown.Length} chars");
    }

    [GeneratedRegex(@"\[(C\d+)\]")]
    private static partial Regex CitationMarker();
}
