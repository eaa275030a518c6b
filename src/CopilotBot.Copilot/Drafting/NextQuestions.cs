using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Drafting;

/// <summary>
/// The next questions worth asking after an answer, for the asker's role: about the same account when the answer was
/// about one (the drafts their role uses, the account's health), otherwise about their book or their team. Phrased as
/// the copilot understands them, so that a host can offer them as one-click replies.
/// </summary>
public static class NextQuestions
{
    public const int Max = 3;

    /// <param name="draft">The answer just given.</param>
    /// <param name="role">The asker's role.</param>
    public static IReadOnlyList<string> After(Draft draft, UserRole role)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Refused || draft.Choices is { Count: > 0 })
        {
            return [];
        }

        var account = draft.Health?.AccountName ?? (draft.AccountId is null ? null : AccountName(draft));
        var asked = draft.Kind;
        IEnumerable<string> candidates = account is null
            ? role switch
            {
                UserRole.Manager or UserRole.Admin => ["how much ARR is at risk?", "where should I step in this week?", "which CSM has the most red accounts?", "which accounts renew this quarter?"],
                UserRole.Sales => ["which of my accounts renew this quarter?", "anything I should worry about?", "which of my accounts are red?"],
                _ => ["anything I should worry about?", "which of my accounts are red?", "which of my accounts renew this quarter?"],
            }
            : role switch
            {
                UserRole.Manager or UserRole.Admin => [Ask(DraftKind.AccountSummary, account), $"health of {account}", Ask(DraftKind.RemediationPlan, account)],
                UserRole.Sales => [Ask(DraftKind.PreCallBrief, account), Ask(DraftKind.RenewalTalkingPoints, account), $"health of {account}"],
                _ => [$"health of {account}", Ask(DraftKind.RemediationPlan, account), Ask(DraftKind.DiscoveryQuestions, account), Ask(DraftKind.RenewalTalkingPoints, account)],
            };

        // Not the answer just given again.
        var given = draft.Health is not null ? "health of" : DraftCatalogue.TryParse(asked, out var info) ? info.Title.ToLowerInvariant() : null;
        return [.. candidates.Where(q => given is null || !q.StartsWith(given, StringComparison.OrdinalIgnoreCase)).Take(Max)];
    }

    private static string Ask(DraftKind kind, string account) => $"{DraftCatalogue.Of(kind).Title.ToLowerInvariant()} for {account}";

    /// <summary>The account's name as the subtitle of an account answer gives it ("Contoso · as of …").</summary>
    private static string? AccountName(Draft draft)
    {
        var about = draft.Subtitle?.Split(" · ")[0];
        var id = $" ({draft.AccountId})";
        return about is not null && about.EndsWith(id, StringComparison.Ordinal) ? about[..^id.Length] : draft.AccountId;
    }
}
