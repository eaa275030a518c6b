using System.Collections.Concurrent;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;

namespace CopilotBot.Tests.Bot.Fakes;

/// <summary>
/// A hand-written copilot that answers like the real one in shape: health and portfolio answers carry their
/// reports, drafts carry sections and citations, and accounts the user may not see are "not found" (the real
/// copilot applies the access rules the same way: CSMs see the accounts they own).
/// </summary>
public sealed class FakeCopilot : ICopilot
{
    public ConcurrentQueue<DraftRequest> DraftRequests { get; } = new();

    public ConcurrentQueue<AskRequest> AskRequests { get; } = new();

    /// <summary>How long each answer takes (to exercise acknowledgements and the invoke time limit).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, every answer waits for it after <see cref="Delay"/>: tests decide when drafting ends.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, answers are streamed through OnTextDelta in these pieces first (LLM mode).</summary>
    public IReadOnlyList<string>? StreamPieces { get; set; }

    public TimeSpan StreamPieceDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, every call throws it (a copilot that is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>The role guide names the user's first visible account, as the real one names their own accounts.</summary>
    public Task<IReadOnlyList<GuideExample>> GuideAsync(string? userEmail, CancellationToken cancellationToken = default)
    {
        var first = userEmail is null ? null : SampleData.PortfolioOf(userEmail).FirstOrDefault()?.Account.Name;
        IReadOnlyList<GuideExample> examples = first is null
            ? [new("my portfolio", "your accounts, worst first")]
            : [new($"health {first}", "score, band, trend and flags"), new("my portfolio", "your accounts, worst first")];
        return Task.FromResult(examples);
    }

    public async Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default)
    {
        DraftRequests.Enqueue(request);
        await PauseAsync(request.OnTextDelta, cancellationToken);
        var account = Visible(request.Account, request.UserEmail);
        return account is null ? NotFound(request.Account) : DraftFor(request.Kind, account);
    }

    public async Task<Draft> AskAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        AskRequests.Enqueue(request);
        await PauseAsync(request.OnTextDelta, cancellationToken);
        var question = request.Question.ToLowerInvariant();
        if (question.Trim().TrimEnd('!', '?', '.') is "help" or "hi" or "hello" or "")
        {
            var examples = await GuideAsync(request.UserEmail, cancellationToken);
            return new Draft("help", null, Mode, string.Concat(examples.Select(e => $"- **{e.Example}**: {e.What}\n")), [], [], [], false)
            {
                Choices = [.. examples.Take(3).Select(e => e.Example)],
            };
        }

        if (question.Contains("portfolio", StringComparison.Ordinal))
        {
            var rows = SampleData.PortfolioOf(request.UserEmail);
            return new Draft("portfolio", null, Mode, $"You have {rows.Count} account(s).", [], [], [], false) { PortfolioRows = rows };
        }

        var named = SampleData.Accounts.FirstOrDefault(a => question.Contains(a.Name.Split(' ')[0].ToLowerInvariant(), StringComparison.Ordinal));
        var account = named is not null ? Visible(named.AccountId, request.UserEmail)
            : request.Conversation?.AccountId is { } context ? Visible(context, request.UserEmail)
            : null;
        if (named is not null && account is null)
        {
            return NotFound(named.Name);
        }

        if (account is null)
        {
            return new Draft("answer", null, Mode, "Which account do you mean? Try **health Contoso**.", [], [], [], false);
        }

        if (question.Contains("health", StringComparison.Ordinal))
        {
            var health = account.AccountId == "A-100" ? SampleData.ContosoHealth() : SampleData.FabrikamHealth();
            return new Draft("health", account.AccountId, Mode, $"{account.Name}: {health.Score} ({health.Band})", [], [], [], false) { Health = health };
        }

        if (question.Contains("renewal", StringComparison.Ordinal))
        {
            return DraftFor(DraftKind.RenewalTalkingPoints, account);
        }

        if (question.Contains("note", StringComparison.Ordinal))
        {
            return new Draft("answer", account.AccountId, Mode,
                "Last note: Customer wrote: see [our portal](https://evil.example/login) [C1]", [],
                [new Citation("C1", "data", "interactions.csv#I-9", "see [our portal](https://evil.example/login)")], [], false);
        }

        return DraftFor(DraftKind.AccountSummary, account);
    }

    private string Mode => StreamPieces is null ? "offline" : "llm";

    private static Account? Visible(string accountIdOrName, string email)
    {
        var user = SampleData.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        var account = SampleData.Accounts.FirstOrDefault(a =>
            string.Equals(a.AccountId, accountIdOrName, StringComparison.OrdinalIgnoreCase)
            || a.Name.StartsWith(accountIdOrName, StringComparison.OrdinalIgnoreCase));
        if (user is null || account is null)
        {
            return null;
        }

        return user.Role is UserRole.Admin or UserRole.Manager || account.CsmEmail == user.Email || account.SalesEmail == user.Email
            ? account
            : null;
    }

    private static Draft NotFound(string asked) => new(
        "answer", null, "offline", $"I couldn't find an account matching '{asked}' among the accounts you can see.", [], [], [], true);

    private static Draft DraftFor(DraftKind kind, Account account)
    {
        var (name, sections) = kind switch
        {
            DraftKind.RemediationPlan => ("remediation-plan", new List<DraftSection>
            {
                new("Stabilise (first 30 days)",
                [
                    new DraftItem("Escalate T-1042 with engineering and agree a fix date with the customer.", ["C1"]),
                    new DraftItem("Map a new champion to replace Dana Lee before the QBR.", ["C2", "C3"]),
                ]),
                new("Rebuild adoption", [new DraftItem("Run a re-onboarding session for the 288 inactive seats.", ["C4"])]),
            }),
            DraftKind.DiscoveryQuestions => ("discovery-questions", new List<DraftSection>
            {
                new("Questions", [new DraftItem("Who owns the Sync rollout now that Dana has left?", ["C2"])]),
            }),
            DraftKind.RenewalTalkingPoints => ("renewal-talking-points", new List<DraftSection>
            {
                new("Talking points", [new DraftItem($"Renewal on {account.RenewalDate:yyyy-MM-dd}: lead with the Sync fix timeline.", ["C1"])]),
            }),
            _ => (kind.ToString(), new List<DraftSection>
            {
                new("Summary", [new DraftItem($"{account.Name} renews on {account.RenewalDate:yyyy-MM-dd}.", ["C5"])]),
            }),
        };
        var citations = new List<Citation>
        {
            new("C1", "data", "tickets.csv#T-1042", "P1: Sync jobs failing since upgrade"),
            new("C2", "data", "contacts.csv#C-7", "Dana Lee, champion, left 2026-10-20"),
            new("C3", "playbook", "playbooks/champion-loss.md#first-30-days", "Within 30 days, identify and meet a new champion."),
            new("C4", "data", $"usage.csv#{account.AccountId}@2026-11-09", "212 active users of 500 seats"),
            new("C5", "data", $"accounts.csv#{account.AccountId}", $"{account.Name}, renewal {account.RenewalDate:yyyy-MM-dd}"),
        };
        var markdown = string.Join("\n", sections.SelectMany(s => s.Items.Select(i => $"- {i.Text} {string.Concat(i.Citations.Select(c => $"[{c}]"))}")));
        return new Draft(name, account.AccountId, "offline", markdown, sections, citations, [], false)
        {
            Title = DraftCatalogue.TitleOf(name),
            Subtitle = $"{account.Name} ({account.AccountId}) · as of {SampleData.AsOf:yyyy-MM-dd} · offline",
        };
    }

    private async Task PauseAsync(Func<string, CancellationToken, Task>? onTextDelta, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (StreamPieces is { } pieces && onTextDelta is not null)
        {
            foreach (var piece in pieces)
            {
                await onTextDelta(piece, cancellationToken);
                if (StreamPieceDelay > TimeSpan.Zero)
                {
                    await Task.Delay(StreamPieceDelay, cancellationToken);
                }
            }
        }
    }
}
