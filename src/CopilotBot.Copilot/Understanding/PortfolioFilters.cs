using System.Globalization;
using System.Text.RegularExpressions;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Understanding;

/// <summary>Filters of "which of my accounts renew this quarter and are red?" or "which accounts could expand?".</summary>
public sealed record PortfolioQuery(IReadOnlyList<HealthBand> Bands, int? RenewalWithinDays, string? WindowLabel, DateOnly? RenewalBy)
{
    public static readonly PortfolioQuery None = new([], null, null, null);

    /// <summary>Opportunity signals an account must show one of (<c>seat_expansion</c>, <c>advocate</c>); none: any account.</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];

    /// <summary>The first day of the renewal window when it starts later than the as-of date (next quarter, next month).</summary>
    public DateOnly? RenewalFrom { get; init; }

    /// <summary>"Top 5 accounts by ARR", "our biggest accounts": the largest ARR first, at most this many (null: worst health first, all).</summary>
    public int? LargestFirst { get; init; }

    /// <summary>Risk flags an account must raise one of (<c>champion_left</c>, <c>stale_p1</c>...); none: any account.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Only these accounts ("why those 3?" after a list).</summary>
    public IReadOnlyList<string> AccountIds { get; init; } = [];

    public bool IsEmpty => Bands.Count == 0 && RenewalBy is null && Signals.Count == 0 && Flags.Count == 0 && LargestFirst is null && AccountIds.Count == 0;
}

/// <summary>
/// Reads the filters of a portfolio question: bands, a renewal window ("this quarter", "next month", "in 60 days",
/// "before end of year", "before October"), flags and signals in the words people use for them, and "top N by ARR".
/// </summary>
public static partial class PortfolioFilters
{
    /// <summary>Accounts a portfolio answer names one by one.</summary>
    public const int MaxListedAccounts = 25;

    // "Our biggest accounts" without a number: a short list.
    private const int DefaultLargest = 10;

    public static PortfolioQuery Read(string question, DateOnly asOf)
    {
        var q = question.ToLowerInvariant().Replace('’', '\'');
        return Window(q, asOf) with
        {
            Signals = [
                .. Has(q, "upsell", "up-sell", "expand", "expansion", "grow", "more seats", "add seats") ? [FlagCodes.SeatExpansion] : Array.Empty<string>(),
                .. Has(q, "advocate", "reference", "case study", "testimonial", "promoter") ? [FlagCodes.Advocate] : Array.Empty<string>(),
            ],
            Flags = Flags(q),
            LargestFirst = LargestRegex().Match(q) is { Success: true } largest
                ? (int.TryParse(largest.Groups["n"].Value, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, MaxListedAccounts) : DefaultLargest)
                : Has(q, "largest", "biggest", "by arr", "most arr", "highest arr") ? DefaultLargest : null,
        };
    }

    private static List<string> Flags(string q)
    {
        var flags = new List<string>();
        if (Has(q, "champion") && Has(q, "lost", "lose", "left", "leav", "quit", "gone", "depart")) flags.Add(FlagCodes.ChampionLeft);
        if (Has(q, "p1", "sev 1", "sev1", "priority 1")) flags.Add(FlagCodes.StaleP1);
        if (Has(q, "usage", "adoption") && Has(q, "drop", "fall", "fell", "declin", "down")) flags.Add(FlagCodes.UsageDrop);
        if (Has(q, "sponsor") && Has(q, "no ", "without", "missing", "lost", "lack")) flags.Add(FlagCodes.NoSponsor);
        if (Has(q, "detractor", "low nps", "unhappy")) flags.Add(FlagCodes.Detractor);
        if (Has(q, "no contact", "gone quiet", "gone dark", "gone silent", "neglected")
            || (Has(q, "talked", "spoken", "heard from", "contacted", "touched base", "been in touch") && Has(q, "n't", "not ", "no ", "in a while", "for a while", "in ages", "long time")))
        {
            flags.Add(FlagCodes.NoContact60Days);
        }

        return flags;
    }

    private static PortfolioQuery Window(string q, DateOnly asOf)
    {
        var bands = Enum.GetValues<HealthBand>().Where(b => Regex.IsMatch(q, $@"\b{b.ToString().ToLowerInvariant()}\b")).ToList();
        if (Has(q, "at risk", "at-risk", "risky") && bands.Count == 0)
        {
            bands.Add(HealthBand.Red);
        }

        if (Has(q, "this quarter"))
        {
            var quarterEndMonth = ((asOf.Month - 1) / 3 + 1) * 3;
            return Until(bands, asOf, new DateOnly(asOf.Year, quarterEndMonth, DateTime.DaysInMonth(asOf.Year, quarterEndMonth)), "this quarter");
        }

        if (Has(q, "next quarter"))
        {
            var start = new DateOnly(asOf.Year, ((asOf.Month - 1) / 3 * 3) + 1, 1).AddMonths(3);
            return Until(bands, asOf, start.AddMonths(3).AddDays(-1), "next quarter") with { RenewalFrom = start };
        }

        if (Has(q, "next month"))
        {
            var start = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(1);
            return Until(bands, asOf, start.AddMonths(1).AddDays(-1), "next month") with { RenewalFrom = start };
        }

        if (Has(q, "this month"))
        {
            return Until(bands, asOf, new DateOnly(asOf.Year, asOf.Month, DateTime.DaysInMonth(asOf.Year, asOf.Month)), "this month");
        }

        if (Has(q, "end of year", "end of the year", "year end", "year-end", "eoy", "this year"))
        {
            return Until(bands, asOf, new DateOnly(asOf.Year, 12, 31), "by the end of the year");
        }

        if (BeforeMonthRegex().Match(q) is { Success: true } before
            && DateTime.TryParseExact(before.Groups["month"].Value[..3], "MMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            var first = new DateOnly(asOf.Year, month.Month, 1);
            if (first <= asOf) first = first.AddYears(1);
            return Until(bands, asOf, first.AddDays(-1), $"before {first:MMMM}");
        }

        var days = DaysRegex().Match(q);
        if (days.Success)
        {
            var n = int.Parse(days.Groups["n"].Value, CultureInfo.InvariantCulture) * (days.Groups["unit"].Value.StartsWith('w') ? 7 : days.Groups["unit"].Value.StartsWith('m') ? 30 : 1);
            return new PortfolioQuery(bands, n, $"in the next {n} days", asOf.AddDays(n));
        }

        return Has(q, "renew", "renewal")
            ? new PortfolioQuery(bands, 90, "in the next 90 days", asOf.AddDays(90))
            : new PortfolioQuery(bands, null, null, null);
    }

    private static PortfolioQuery Until(List<HealthBand> bands, DateOnly asOf, DateOnly end, string label) =>
        new(bands, end.DayNumber - asOf.DayNumber, label, end);

    private static bool Has(string q, params string[] words) => words.Any(w => q.Contains(w, StringComparison.Ordinal));

    [GeneratedRegex(@"\b(?:(?:top|biggest|largest)\s+(?<n>\d{1,2})\s+(?:\w+\s+)?accounts|(?:biggest|largest|top)\s+(?:\w+\s+)?accounts|accounts\s+by\s+(?:arr|revenue|size))\b")]
    private static partial Regex LargestRegex();

    [GeneratedRegex(@"(?:next|in|within)\s+(?<n>\d{1,3})\s*(?<unit>days?|weeks?|months?)")]
    private static partial Regex DaysRegex();

    [GeneratedRegex(@"\b(?:before|by|until)\s+(?:the\s+end\s+of\s+)?(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")]
    private static partial Regex BeforeMonthRegex();
}
