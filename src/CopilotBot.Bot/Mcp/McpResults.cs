using System.Text.Json;
using System.Text.Json.Serialization;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using ModelContextProtocol.Protocol;

namespace CopilotBot.Bot.Mcp;

/// <summary>One piece of evidence in a tool result, pointing at its citation.</summary>
public sealed record McpEvidence(string Text, string Citation);

/// <summary>A health component with its evidence.</summary>
public sealed record McpComponent(HealthComponent Component, double? Score, double Weight, double Contribution, string Explanation, IReadOnlyList<McpEvidence> Evidence);

/// <summary>A critical flag or expansion signal with its evidence.</summary>
public sealed record McpFlag(string Code, bool ForcesRed, string Description, IReadOnlyList<McpEvidence> Evidence);

/// <summary><c>get_account_health</c>: the explained score and every row behind it; no score (null) and band <c>unscored</c> with too little data.</summary>
public sealed record McpHealth(
    string AccountId, string AccountName, DateOnly AsOf, int? Score, HealthBand Band, HealthComponent? Drag,
    int? Delta4Weeks, int? Delta12Weeks, string Trend, bool EarlyWarning,
    IReadOnlyList<McpComponent> Components, IReadOnlyList<McpFlag> Flags, IReadOnlyList<McpFlag> Signals,
    IReadOnlyList<string> MissingData, IReadOnlyList<Citation> Citations);

/// <summary>One account in a list (find, portfolio, renewals), with the citations of its row and flags.</summary>
public sealed record McpAccountRow(
    string AccountId, string Name, string? Industry, string CsmEmail, string? SalesEmail, decimal Arr, string Currency,
    DateOnly RenewalDate, int DaysToRenewal, int? Score, HealthBand Band, int? Delta4Weeks,
    IReadOnlyList<string> Flags, IReadOnlyList<string> Signals, IReadOnlyList<string> Citations);

/// <summary>
/// A list of accounts: totals over every account that matched (ARR summed per currency, never across currencies), the
/// first <see cref="Returned"/> of them in order, and the citations of those.
/// </summary>
public sealed record McpAccountList(
    DateOnly AsOf, int Count, int Red, int Yellow, int Green, int Unscored, IReadOnlyDictionary<string, decimal> ArrByCurrency,
    int Returned, IReadOnlyList<McpAccountRow> Accounts, IReadOnlyList<Citation> Citations);

/// <summary>A playbook passage found by <c>search_playbooks</c>.</summary>
public sealed record McpPassage(int Rank, double Score, string Title, IReadOnlyList<string> HeadingPath, string Source, string Text, string Citation);

/// <summary><c>search_playbooks</c>: passages and their citations.</summary>
public sealed record McpPassages(string Query, IReadOnlyList<McpPassage> Passages, IReadOnlyList<Citation> Citations);

/// <summary>A draft or an answer, in the stable <c>--json</c> shape of DESIGN.md.</summary>
public sealed record McpDraft(
    string Kind, string? AccountId, string Mode, string Markdown, IReadOnlyList<DraftSection> Sections,
    IReadOnlyList<Citation> Citations, IReadOnlyList<string> Warnings, bool Refused);

/// <summary>Turns the copilot's records into tool results: JSON text, every fact pointing at a citation.</summary>
internal static class McpResults
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CallToolResult Json<T>(T value) => new()
    {
        Content = [new TextContentBlock { Text = JsonSerializer.Serialize(value, s_json) }],
    };

    /// <summary>A refusal the calling model can relay: an unknown account, an owner out of reach.</summary>
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    public static McpHealth Health(HealthReport report)
    {
        var ledger = new CitationLedger();
        IReadOnlyList<McpEvidence> Cite(IEnumerable<Evidence> evidence) =>
            [.. evidence.Select(e => new McpEvidence(e.Text, ledger.CiteData(e.Source, e.Text)))];
        IReadOnlyList<McpFlag> Flags(IEnumerable<HealthFlag> flags) =>
            [.. flags.Select(f => new McpFlag(f.Code, f.ForcesRed, f.Description, Cite(f.Evidence)))];

        var components = report.Components
            .Select(c => new McpComponent(c.Component, c.Score, c.EffectiveWeight, c.Contribution, c.Explanation, Cite(c.Evidence)))
            .ToList();
        var flags = Flags(report.Flags);
        var signals = Flags(report.Signals);
        return new McpHealth(report.AccountId, report.AccountName, report.AsOf, report.Scored ? report.Score : null, report.Band, report.Drag,
            report.Trend.Delta4Weeks, report.Trend.Delta12Weeks, report.Trend.Arrow, report.Trend.EarlyWarning,
            components, flags, signals, report.MissingData, ledger.Citations());
    }

    public static McpAccountList Accounts(IReadOnlyList<PortfolioRow> rows, DateOnly asOf, int limit)
    {
        var ledger = new CitationLedger();
        var accounts = rows.Take(limit).Select(row =>
        {
            var account = row.Account;
            var cited = new List<string>
            {
                ledger.CiteData(SourceRef.Account(account.AccountId),
                    $"{account.Name} ({account.AccountId}): CSM {account.CsmEmail}, ARR {account.Arr:0} {account.Currency}, renews {account.RenewalDate:yyyy-MM-dd}"),
            };
            // A flag's first piece of evidence is the row that raised it; the full list is one get_account_health away.
            foreach (var flag in row.Health.Flags.Concat(row.Health.Signals))
            {
                if (flag.Evidence.FirstOrDefault() is { } evidence)
                {
                    var id = ledger.CiteData(evidence.Source, evidence.Text);
                    if (!cited.Contains(id))
                    {
                        cited.Add(id);
                    }
                }
            }

            return new McpAccountRow(account.AccountId, account.Name, account.Industry, account.CsmEmail, account.SalesEmail,
                account.Arr, account.Currency, account.RenewalDate, account.RenewalDate.DayNumber - asOf.DayNumber,
                row.Health.Scored ? row.Health.Score : null, row.Health.Band, row.Health.Trend.Delta4Weeks,
                [.. row.Health.Flags.Select(f => f.Code)], [.. row.Health.Signals.Select(s => s.Code)], cited);
        }).ToList();
        return new McpAccountList(asOf, rows.Count,
            rows.Count(r => r.Health.Band == HealthBand.Red), rows.Count(r => r.Health.Band == HealthBand.Yellow), rows.Count(r => r.Health.Band == HealthBand.Green),
            rows.Count(r => !r.Health.Scored),
            rows.GroupBy(r => r.Account.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Account.Arr)),
            accounts.Count, accounts, ledger.Citations());
    }

    public static McpDraft Draft(Draft draft) =>
        new(draft.Kind, draft.AccountId, draft.Mode, draft.Markdown, draft.Sections, draft.Citations, draft.Warnings, draft.Refused);
}
