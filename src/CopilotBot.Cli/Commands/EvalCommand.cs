using System.CommandLine;
using System.Globalization;
using CopilotBot.Copilot.Evaluation;
using CopilotBot.Core;
using CopilotBot.Knowledge.Evaluation;
using CopilotBot.Knowledge.Retrieval;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary>One part of <c>copilot eval</c>'s report: a titled table for people and an object for <c>--json</c>.</summary>
/// <param name="Name">Key of the section in the JSON report (<c>retrieval</c>, <c>drafting</c>...).</param>
/// <param name="Notes">Lines printed under the table: how the figures are defined.</param>
internal sealed record EvalSection(string Name, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes, object Json);

/// <summary>
/// <c>copilot eval [--queries FILE] [--misses]</c>: the project's own quality figures, one section per evaluator.
/// Each evaluator is a function in <see cref="Sections"/>: playbook retrieval against the labelled queries, then
/// the copilot's offline drafts over the imported portfolio.
/// </summary>
internal static class EvalCommand
{
    /// <summary>The evaluators, in report order.</summary>
    private static readonly IReadOnlyList<(string Name, Func<EvalRun, CliSession, CancellationToken, Task<EvalSection>> Evaluate)> Sections =
    [
        ("retrieval", RetrievalAsync),
        ("understanding", UnderstandingAsync),
        ("drafting", DraftingAsync),
    ];

    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var queries = new Option<string?>("--queries") { Description = "Labelled retrieval queries (JSON lines); default both sets under knowledge/eval" };
        var misses = new Option<bool>("--misses") { Description = "Also list the queries hybrid search served worst and the questions misunderstood" };
        var utterances = new Option<string?>("--utterances") { Description = "Labelled questions (JSON lines); default knowledge/understanding/utterances.jsonl" };
        var only = new Option<string[]>("--only") { Description = "Measure only these sections: " + string.Join(", ", Sections.Select(s => s.Name)), AllowMultipleArgumentsPerToken = true };
        only.AcceptOnlyFromAmong([.. Sections.Select(s => s.Name)]);
        var command = new Command("eval", "Measure the copilot's own quality: retrieval (top-3, recall@5, MRR, nDCG@10 per mode, both sets and halves), understanding of questions (both halves), drafting") { queries, misses, utterances, only };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var run = new EvalRun(parse.GetValue(queries), parse.GetValue(misses), parse.GetValue(utterances));
            var chosen = parse.GetValue(only) is { Length: > 0 } names ? names : [.. Sections.Select(s => s.Name)];
            var sections = new List<EvalSection>();
            foreach (var section in Sections.Where(s => chosen.Contains(s.Name)))
            {
                sections.Add(await section.Evaluate(run, session, cancellationToken).ConfigureAwait(false));
            }

            if (session.Json)
            {
                CliJson.Write(output.Out, sections.ToDictionary(s => s.Name, s => s.Json));
                return CopilotCli.Ok;
            }

            foreach (var section in sections)
            {
                var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(section.Title));
                foreach (var column in section.Columns) table.AddColumn(Markup.Escape(column));
                foreach (var row in section.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());
                output.Console.Write(table);
                foreach (var note in section.Notes) await output.Out.WriteLineAsync(note).ConfigureAwait(false);
            }

            return CopilotCli.Ok;
        });
        return command;
    }

    private static async Task<EvalSection> RetrievalAsync(EvalRun run, CliSession session, CancellationToken cancellationToken)
    {
        var eval = Path.Combine(session.Get<IOptions<CopilotOptions>>().Value.KnowledgePath, "eval");
        IReadOnlyList<(string Name, string Path, bool Halves)> files = run.QueriesFile is { } given
            ? [(Path.GetFileNameWithoutExtension(given), Path.GetFullPath(given), true)]
            : [("project", Path.Combine(eval, "retrieval-queries.jsonl"), true), ("users' voice", Path.Combine(eval, "users-voice-queries.jsonl"), true)];
        var sets = new List<(string Name, string Path, IReadOnlyList<LabelledQuery> Queries, bool Halves)>();
        foreach (var (name, path, halves) in files)
        {
            if (!File.Exists(path))
            {
                throw new NotFoundException($"No labelled query file at '{path}'.");
            }

            try
            {
                sets.Add((name, path, await RetrievalEvaluator.ReadLabelledSetAsync(path, cancellationToken).ConfigureAwait(false), halves));
            }
            catch (FormatException error)
            {
                throw new InvalidInputException(error.Message);
            }
        }

        await IndexCommand.EnsureIndexedAsync(session, cancellationToken).ConfigureAwait(false);
        var evaluator = session.Get<RetrievalEvaluator>();
        var rows = new List<IReadOnlyList<string>>();
        var json = new List<object>();
        var notes = sets.Select(set => string.Create(CultureInfo.InvariantCulture, $"{set.Name}: {set.Queries.Count} labelled queries from {set.Path}.")).ToList();
        notes.AddRange(
        [
            "Halves: fixed by each query's own text (first byte of its SHA-256, even: tuning, odd: held out); the held-out half is only scored.",
            "Level: a set labelled with whole playbooks is scored on the playbooks of the hits (their first passage's rank).",
            "top-3: share of queries with a relevant source among the first 3. recall@5: share of a query's relevant sources among its first 5 distinct ones, averaged.",
            "MRR: mean of 1/rank of the first relevant source within the first 10 (0 when none). nDCG@10: binary relevance.",
        ]);
        foreach (var set in sets)
        {
            // The held-out half is only ever scored: nothing in the pipeline was tuned on it.
            IReadOnlyList<(string Part, IReadOnlyList<LabelledQuery> Queries)> parts = set.Halves
                ?
                [
                    ("all", set.Queries),
                    ("tuning half", set.Queries.Where(q => !q.HeldOut).ToList()),
                    ("held-out half", set.Queries.Where(q => q.HeldOut).ToList()),
                    ("held-out, blind writer", set.Queries.Where(q => q.HeldOut && q.Writer == "blind").ToList()),
                ]
                : [("all", set.Queries)];
            foreach (var (part, queries) in parts)
            {
                if (queries.Count == 0) continue;
                var report = await evaluator.EvaluateAsync(queries, cancellationToken: cancellationToken).ConfigureAwait(false);
                var level = queries.All(q => q.PlaybookLevel) ? "playbook" : "section";
                rows.AddRange(report.Modes.Select(m => (IReadOnlyList<string>)
                [
                    set.Name,
                    part,
                    report.Queries.ToString(CultureInfo.InvariantCulture),
                    level,
                    m.Mode.ToString().ToLowerInvariant(),
                    F(m.TopThreeHit),
                    F(m.RecallAt5),
                    F(m.Mrr),
                    F(m.NdcgAt10),
                    m.MeanMilliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                ]));
                json.Add(new
                {
                    Set = set.Name,
                    LabelledSet = set.Path,
                    Part = part,
                    report.Queries,
                    Level = level,
                    Modes = report.Modes.Select(m => new { Mode = m.Mode.ToString().ToLowerInvariant(), m.TopThreeHit, m.RecallAt5, m.Mrr, m.NdcgAt10, m.MeanMilliseconds }),
                    Misses = run.ShowMisses ? report.HybridMisses : null,
                });
                if (run.ShowMisses)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid misses, {set.Name}, {part} ({report.HybridMisses.Count}):"));
                    notes.AddRange(report.HybridMisses.Select(m => $"  {m.Query}\n    missing: {string.Join(", ", m.Missing)}\n    top 5:   {string.Join(", ", m.Retrieved)}"));
                }
            }

        }

        return new EvalSection(
            "retrieval",
            "Playbook retrieval",
            ["set", "part", "queries", "level", "mode", "top-3", "recall@5", "MRR", "nDCG@10", "ms/query"],
            rows,
            notes,
            new
            {
                Definitions = new
                {
                    TopThreeHit = "share of queries with a relevant source among the first 3 distinct sources",
                    RecallAt5 = "share of a query's relevant sources among its first 5 distinct sources, averaged over queries",
                    Mrr = "mean reciprocal rank of the first relevant source within the first 10",
                    NdcgAt10 = "normalised discounted cumulative gain over the first 10 distinct sources, binary relevance",
                    Halves = "first byte of the SHA-256 of the query's UTF-8 text: even is the tuning half, odd the held-out half",
                },
                Sets = json,
            });
    }

    private static async Task<EvalSection> UnderstandingAsync(EvalRun run, CliSession session, CancellationToken cancellationToken)
    {
        var evaluator = session.Get<UnderstandingEvaluator>();
        var report = await evaluator.EvaluateAsync(run.UtterancesFile, cancellationToken).ConfigureAwait(false);
        var notes = !report.Measured ? ["The labelled questions are about knowledge/sample-portfolio: import it to measure understanding."] : new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Understanding one question: p50 {report.P50Milliseconds:0.0} ms, p99 {report.P99Milliseconds:0.0} ms (target p99 <= 20 ms)."),
            "The classifier learns only from the learned half; the held-out half is only scored. 'blind' = items written without seeing the code.",
            string.Create(CultureInfo.InvariantCulture, $"Intent classifier alone, 5-fold cross-validation over the learned half (the figure to tune on): {report.LearnedCrossValidated.Accuracy:0.000}."),
        };
        if (run.ShowMisses)
        {
            foreach (var miss in report.HeldOut.Misses.Concat(report.Learned.Misses))
            {
                notes.Add($"  {miss.As}: {(miss.Context.Count > 0 ? "[" + string.Join(" / ", miss.Context) + "] " : "")}{miss.Text}\n    expected {miss.Expected}, got {miss.Got}");
            }

            notes.Add($"Cross-validation misses over the learned half ({report.LearnedCrossValidated.Misses.Count}):");
            notes.AddRange(report.LearnedCrossValidated.Misses.Select(m => $"  {m.Text}\n    expected {m.Expected}, got {m.Got}"));
        }

        return new EvalSection(
            "understanding",
            "Understanding questions (" + Path.GetFileName(run.UtterancesFile ?? evaluator.DefaultSetPath) + ")",
            ["half", "items", "intent", "intent (blind)", "account", "wrong account", "out of scope"],
            [.. new[] { report.Learned, report.HeldOut }.Select(f => (IReadOnlyList<string>)[
                f.Half,
                f.Items.ToString(CultureInfo.InvariantCulture),
                F(f.IntentAccuracy),
                F(f.BlindIntentAccuracy),
                F(f.AccountAccuracy),
                f.WrongAccountAnswers.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{F(f.OutOfScopeRecognised)} of {f.OutOfScopeItems}"),
            ])],
            notes,
            new { report.Measured, report.Learned, report.HeldOut, report.LearnedCrossValidated, report.P50Milliseconds, report.P99Milliseconds, Targets = new { IntentAccuracy = 0.95, AccountAccuracy = 0.98, WrongAccountAnswers = 0, OutOfScopeRecognised = 0.95, P99Milliseconds = 20 } });
    }

    private static async Task<EvalSection> DraftingAsync(EvalRun run, CliSession session, CancellationToken cancellationToken)
    {
        var figures = await session.Get<DraftEvaluator>().EvaluateAsync(cancellationToken).ConfigureAwait(false);
        var notes = new List<string>
        {
            figures.Accounts == 0
                ? "No portfolio in the store: run 'copilot import FOLDER' to measure drafting."
                : string.Create(CultureInfo.InvariantCulture, $"{figures.Drafts} offline drafts over {figures.Accounts} accounts x every kind."),
        };
        if (figures.Accounts > 0)
        {
            var library = (await session.Get<IPlaybookIndex>().GetRecordsAsync(cancellationToken).ConfigureAwait(false))
                .Select(r => r.File).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var never = library.Except(figures.PlaybooksCited, StringComparer.Ordinal).ToList();
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Playbooks cited by some draft: {figures.PlaybooksCited.Count} of {library.Count}."));
            if (never.Count > 0) notes.Add("Never cited: " + string.Join(", ", never));
        }

        notes.Add("Median words per draft: " + string.Join(", ", figures.MedianWordsByKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value}"))) + ".");
        notes.Add("p99 ms per kind: " + string.Join(", ", figures.P99MillisecondsByKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value:0.0}"))) + ".");
        if (run.ShowMisses) notes.AddRange(figures.Ungrounded.Select(u => "  ungrounded: " + u));
        return new EvalSection(
            "drafting",
            "Offline drafting",
            ["drafts", "cited items", "grounded claims", "drafts/s", "p50 ms", "p95 ms", "p99 ms", "plan words (median)", "playbooks cited"],
            [[
                figures.Drafts.ToString(CultureInfo.InvariantCulture),
                F(figures.CitedItemShare),
                F(figures.GroundedClaimShare),
                figures.DraftsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                figures.P50Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                figures.P95Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                figures.P99Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                figures.MedianRemediationPlanWords.ToString(CultureInfo.InvariantCulture),
                figures.PlaybooksCited.Count.ToString(CultureInfo.InvariantCulture),
            ]],
            notes,
            figures);
    }

    /// <summary>What the command line asked of the evaluators.</summary>
    private sealed record EvalRun(string? QueriesFile, bool ShowMisses, string? UtterancesFile);

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
