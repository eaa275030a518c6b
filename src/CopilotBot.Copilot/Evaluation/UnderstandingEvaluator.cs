using System.Diagnostics;
using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot.Evaluation;

/// <summary>One labelled utterance as understood, and what was wrong with it.</summary>
public sealed record UnderstandingMiss(string Text, IReadOnlyList<string> Context, string As, string Expected, string Got);

/// <summary>The figures of one half of the labelled set.</summary>
public sealed record UnderstandingFigures(
    string Half, int Items, double IntentAccuracy, double AccountAccuracy, int WrongAccountAnswers, int OutOfScopeItems, double OutOfScopeRecognised,
    double BlindIntentAccuracy, IReadOnlyList<UnderstandingMiss> Misses);

/// <summary>Both halves of the labelled set and the cost of understanding one question.</summary>
public sealed record UnderstandingReport(UnderstandingFigures Learned, UnderstandingFigures HeldOut, IntentCrossValidation LearnedCrossValidated, double P50Milliseconds, double P99Milliseconds)
{
    /// <summary>False when the imported portfolio is not the sample the utterances were written for.</summary>
    public bool Measured { get; init; } = true;
}

/// <summary>
/// Scores the understanding pipeline on <c>knowledge/understanding/utterances.jsonl</c> against the imported portfolio
/// (the sample the utterances were written for). A conversation's earlier messages are asked first through the whole
/// copilot, so that a follow-up meets the state a real conversation would have.
/// </summary>
public sealed class UnderstandingEvaluator(ICopilot copilot, QuestionUnderstander understander, AccountGateway gateway, IOptions<CopilotOptions> options)
{
    public string DefaultSetPath => Path.Combine(options.Value.KnowledgePath, "understanding", "utterances.jsonl");

    public async Task<UnderstandingReport> EvaluateAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        var items = LabelledUtterances.Read(path ?? DefaultSetPath);
        if (items.Count > 0 && await gateway.FindUserAsync(items[0].As, cancellationToken).ConfigureAwait(false) is null)
        {
            return new UnderstandingReport(Empty("learned"), Empty("held-out"), new IntentCrossValidation(0, []), 0, 0) { Measured = false };
        }

        understander.Warm();
        var timings = new List<double>();
        var learned = await ScoreAsync("learned", items.Where(i => !i.IsHeldOut).ToList(), timings, cancellationToken).ConfigureAwait(false);
        var heldOut = await ScoreAsync("held-out", items.Where(i => i.IsHeldOut).ToList(), timings, cancellationToken).ConfigureAwait(false);
        timings.Sort();
        return new UnderstandingReport(learned, heldOut, understander.CrossValidate(), Percentile(timings, 0.5), Percentile(timings, 0.99));
    }

    private async Task<UnderstandingFigures> ScoreAsync(string half, IReadOnlyList<LabelledUtterance> items, List<double> timings, CancellationToken cancellationToken)
    {
        int intents = 0, accounts = 0, wrong = 0, outOfScope = 0, outOfScopeRight = 0, blind = 0, blindRight = 0;
        var misses = new List<UnderstandingMiss>();
        foreach (var item in items)
        {
            var user = await gateway.FindUserAsync(item.As, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The labelled set's asker {item.As} is not a user of the imported portfolio: import knowledge/sample-portfolio first.");
            var state = ConversationState.Empty;
            foreach (var earlier in item.Context)
            {
                var answer = await copilot.AskAsync(new AskRequest(earlier, user.Email, state), cancellationToken).ConfigureAwait(false);
                state = answer.Conversation ?? state;
            }

            var data = await gateway.LinkingDataAsync(user, cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var got = understander.Understand(item.Text, data, state, gateway.AsOf);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var intentRight = got.Intent == AskIntents.Parse(item.Intent)
                && (got.Intent != AskIntent.Draft || string.Equals(got.Kind is { } k ? Format.Kind(k) : null, item.Kind, StringComparison.OrdinalIgnoreCase));
            var (accountRight, wrongAccount) = Account(item, got, state);
            intents += intentRight ? 1 : 0;
            accounts += accountRight ? 1 : 0;
            wrong += wrongAccount ? 1 : 0;
            if (item.Intent == "out-of-scope")
            {
                outOfScope++;
                outOfScopeRight += got.Intent == AskIntent.OutOfScope ? 1 : 0;
            }

            if (item.Author == "blind")
            {
                blind++;
                blindRight += intentRight ? 1 : 0;
            }

            if (!intentRight || !accountRight)
            {
                misses.Add(new UnderstandingMiss(item.Text, item.Context, item.As, Describe(item), Describe(got) + (wrongAccount ? " — answers about another account" : "")));
            }
        }

        return new UnderstandingFigures(half, items.Count, Share(intents, items.Count), Share(accounts, items.Count), wrong, outOfScope,
            Share(outOfScopeRight, outOfScope), Share(blindRight, blind), misses);
    }

    /// <summary>
    /// Whether the account was resolved as labelled, and whether the answer would be about another account than the
    /// one named (the worst answer there is): an account resolved where the label names a different one, an ambiguous
    /// name or a missing one.
    /// </summary>
    private static (bool Right, bool WrongAccount) Account(LabelledUtterance item, AskUnderstanding got, ConversationState state)
    {
        var resolved = got.Account.Resolution is AccountResolution.Named or AccountResolution.FromConversation ? got.Account.Account!.AccountId : null;
        var answersAbout = AskIntents.NeedsAccount(got.Intent) ? resolved : null;
        if (item.ListIndex is { } index)
        {
            var expected = index <= state.ListAccountIds.Count ? state.ListAccountIds[index - 1] : null;
            return (resolved == expected, answersAbout is not null && answersAbout != expected);
        }

        if (item.Account is { } account)
        {
            return (string.Equals(resolved, account, StringComparison.OrdinalIgnoreCase),
                answersAbout is not null && !string.Equals(answersAbout, account, StringComparison.OrdinalIgnoreCase));
        }

        if (item.Candidates.Count > 0)
        {
            var right = got.Account.Resolution == AccountResolution.Ambiguous
                && item.Candidates.All(c => got.Account.Candidates!.Any(a => string.Equals(a.AccountId, c, StringComparison.OrdinalIgnoreCase)));
            return (right, answersAbout is not null);
        }

        if (item.Missing is not null)
        {
            return (got.Account.Resolution == AccountResolution.Missing, answersAbout is not null);
        }

        // Nothing named: an account carried over from the conversation is no wrong answer unless the question needs none.
        return (got.Account.Resolution is AccountResolution.None or AccountResolution.FromConversation || got.ListAccountIds.Count > 0, false);
    }

    private static string Describe(LabelledUtterance item) =>
        $"{item.Label} {(item.Account ?? (item.Candidates.Count > 0 ? "?" + string.Join("|", item.Candidates) : item.Missing is { } m ? $"!{m}" : item.ListIndex is { } i ? $"#{i}" : "-"))}";

    private static string Describe(AskUnderstanding got) =>
        $"{AskIntents.Label(got.Intent)}{(got.Kind is { } k ? ":" + Format.Kind(k) : "")} "
        + got.Account.Resolution switch
        {
            AccountResolution.Named or AccountResolution.FromConversation => got.Account.Account!.AccountId + (got.Account.Resolution == AccountResolution.FromConversation ? " (conversation)" : ""),
            AccountResolution.Ambiguous => "?" + string.Join("|", got.Account.Candidates!.Select(a => a.AccountId)),
            AccountResolution.Missing => $"!{got.Account.Said}",
            _ => "-",
        }
        + $" ({got.Confidence:0.00})";

    private static UnderstandingFigures Empty(string half) => new(half, 0, 0, 0, 0, 0, 0, 0, []);

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
