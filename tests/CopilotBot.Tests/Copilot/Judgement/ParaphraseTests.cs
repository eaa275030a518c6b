using CopilotBot.Copilot.Drafting;
using CopilotBot.Core;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Tests.Copilot.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>The paraphrased scenarios drafted twice: with the sentence model reading the evidence, and with the word table alone.</summary>
public sealed class ParaphraseWorld : IDisposable
{
    public static readonly SentenceEmbeddingGenerator Model = new();

    public CopilotHarness WithModel { get; } = new(Scenarios.ParaphrasedPortfolio, scorer: null, Scenarios.AsOf, embedder: Model);

    public CopilotHarness WordsOnly { get; } = new(Scenarios.ParaphrasedPortfolio, scorer: null, Scenarios.AsOf);

    public void Dispose()
    {
        WithModel.Dispose();
        WordsOnly.Dispose();
    }
}

/// <summary>
/// Causes told in words the cause table does not list ("piloting another vendor's tool", "bought by a larger group",
/// "finance will only approve a lower amount") are named by their meaning, with the same judgement as the scenario
/// suite; the word table alone misses them; and everyday sentences read as no cause at all.
/// </summary>
public sealed class ParaphraseTests(ParaphraseWorld world) : IClassFixture<ParaphraseWorld>
{
    public static TheoryData<string> Names => [.. Scenarios.Paraphrased.Select(s => s.Name)];

    private static Scenario Get(string name) => Scenarios.Paraphrased.Single(s => s.Name == name);

    private static Task<Draft> DraftAsync(CopilotHarness harness, DraftKind kind, Scenario s) =>
        harness.Copilot.DraftAsync(new DraftRequest(kind, s.Data.Account.AccountId, Scenarios.Csm) { Recipient = s.Expected.EmailRecipientFirstName, Purpose = "asking for a call next week" });

    [Theory]
    [MemberData(nameof(Names))]
    public async Task With_the_sentence_model_every_kind_names_the_paraphrased_cause_and_the_plan_acts_on_it(string name)
    {
        var s = Get(name);
        foreach (var info in DraftCatalogue.All.Where(k => k.Kind != DraftKind.Email))
        {
            var draft = await DraftAsync(world.WithModel, info.Kind, s);
            Assert.Contains(s.Expected.Cause, draft.Sections[0].Items[0].Text, StringComparison.OrdinalIgnoreCase);
            Assert.All(draft.Sections.SelectMany(x => x.Items), item => Assert.NotEmpty(item.Citations));
        }

        var plan = ScenarioSuiteTests.Body(await DraftAsync(world.WithModel, DraftKind.RemediationPlan, s));
        Assert.Contains(s.Expected.MustAppear, plan, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(s.Expected.MustNotAppear, plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(s.Expected.StagePlay, plan, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_word_table_alone_misses_the_paraphrased_budget_competitor_and_reorganization()
    {
        foreach (var s in Scenarios.Paraphrased.Where(s => s.Cause is ScenarioCause.BudgetOrPrice or ScenarioCause.Competitor or ScenarioCause.Reorg))
        {
            var glance = (await DraftAsync(world.WordsOnly, DraftKind.RemediationPlan, s)).Sections[0].Items[0].Text;
            Assert.DoesNotContain(s.Expected.Cause, glance, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Everyday_sentences_read_as_no_cause()
    {
        var reader = new CauseReader([ParaphraseWorld.Model], Options.Create(new CopilotOptions()));
        string[] everyday =
        [
            "Check-in with Greta Lindgren on the rollout.",
            "Useful every day.",
            "How to export a view",
            "Next step: they asked for the usage report for the board by 2026-12-04.",
            "Quarterly review went well; they liked the new dashboard.",
        ];

        var readings = await reader.ReadAsync(everyday, CancellationToken.None);

        Assert.True(reader.ReadsMeaning);
        Assert.Empty(readings);
    }

    [Fact]
    public void Without_a_sentence_model_the_reader_reads_nothing()
    {
        IEmbeddingGenerator<string, Embedding<float>>[] hashing = [new OfflineEmbeddingGenerator()];

        Assert.False(new CauseReader(hashing, Options.Create(new CopilotOptions())).ReadsMeaning);
        Assert.False(new CauseReader([], Options.Create(new CopilotOptions())).ReadsMeaning);
    }

    [Fact]
    public void A_sentence_is_read_without_its_names_and_figures_so_the_same_note_elsewhere_is_read_once()
    {
        var here = CauseReader.People(["Nora Gallagher", "Isabel Schmidt"]);
        var there = CauseReader.People(["Arjun Sørensen", "Ravi Haddad"]);

        Assert.Equal(
            CauseReader.MeaningKey("QBR with Nora Gallagher (Chief Operating Officer): 64% of 1,941 seats active.", here),
            CauseReader.MeaningKey("QBR with Arjun Sørensen (Chief Operating Officer): 54% of 324 seats active.", there));
        Assert.Equal("Check-in call with someone: someone asked for it by #.", CauseReader.MeaningKey("Check-in call with Isabel: Gallagher asked for it by 2026-12-04.", here));
        // What a sentence says stays: a ticket's priority, a quarter, a word that merely contains a name.
        Assert.Equal("P1 open since Q3; Noraville office", CauseReader.MeaningKey("P1 open since Q3; Noraville office", here));
        Assert.Equal("No one named", CauseReader.MeaningKey("No one named", CauseReader.People([])));
    }

    [Fact]
    public async Task After_an_import_the_evidence_is_read_in_the_background_so_a_draft_has_none_left_to_embed()
    {
        using var harness = new CopilotHarness(Scenarios.ParaphrasedPortfolio, scorer: null, Scenarios.AsOf, embedder: ParaphraseWorld.Model);
        var reading = harness.Get<EvidenceReading>();
        var causes = harness.Get<CauseReader>();

        await reading.OnImportedAsync(Scenarios.ParaphrasedPortfolio, CancellationToken.None);
        var read = await reading.Current;

        Assert.NotNull(read);
        Assert.Equal(Scenarios.Paraphrased.Count, read.Accounts);
        Assert.InRange(read.Embedded, 1, read.Sentences);
        var embedded = causes.Embedded;
        foreach (var s in Scenarios.Paraphrased)
        {
            var people = s.Data.Contacts.Select(c => c.Name).Concat(Scenarios.ParaphrasedPortfolio.Users.Select(u => u.Name));
            await causes.ReadAsync(Situation.EvidenceTexts(s.Data, Scenarios.AsOf), people, CancellationToken.None);
        }

        Assert.Equal(embedded, causes.Embedded);
    }

    [Fact]
    public async Task Without_a_sentence_model_an_import_reads_nothing()
    {
        using var harness = new CopilotHarness(Scenarios.ParaphrasedPortfolio, scorer: null, Scenarios.AsOf);
        var reading = harness.Get<EvidenceReading>();

        await reading.OnImportedAsync(Scenarios.ParaphrasedPortfolio, CancellationToken.None);

        Assert.Null(await reading.Current);
    }
}
