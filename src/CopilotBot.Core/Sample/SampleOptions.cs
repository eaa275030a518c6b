using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Core.Sample;

/// <summary>
/// What <see cref="SamplePortfolioGenerator"/> generates. The defaults produce the checked-in sample
/// (knowledge/sample-portfolio); larger <see cref="Accounts"/> and <see cref="Weeks"/> feed the benchmarks.
/// </summary>
public sealed record SampleOptions
{
    /// <summary>The default as-of date of the sample: every scenario is designed to be scored on it.</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 11, 20);

    /// <summary>Seed of every random choice; the same options always give the same portfolio.</summary>
    public int Seed { get; init; } = 20261120;

    /// <summary>Number of accounts; the first ones are the designed scenarios, the rest are drawn from archetypes.</summary>
    [Range(1, 1_000_000)]
    public int Accounts { get; init; } = 66;

    /// <summary>Weeks of usage history up to and including the week of <see cref="AsOf"/>.</summary>
    [Range(1, 520)]
    public int Weeks { get; init; } = 30;

    /// <summary>The date the portfolio is exported on (no row is dated after it).</summary>
    public DateOnly AsOf { get; init; } = DefaultAsOf;

    /// <summary>
    /// Moves the export this many weeks past <see cref="AsOf"/>: the same portfolio later, with the rows of the
    /// extra weeks appended (the history before <see cref="AsOf"/> is unchanged). Used for early-warning tests.
    /// </summary>
    [Range(0, 104)]
    public int ShiftWeeks { get; init; }

    /// <summary>The export date actually used: <see cref="AsOf"/> plus <see cref="ShiftWeeks"/>.</summary>
    public DateOnly EffectiveAsOf => AsOf.AddDays(7 * ShiftWeeks);
}
