using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Import;

/// <summary>
/// An import error or warning, printed as <c>file:line: column: message</c>. <see cref="Line"/> is the physical
/// line the record starts on (1 = header); 0 means the file as a whole (e.g. a missing required file).
/// <see cref="Column"/> is a column name, or <c>(file)</c>, <c>(header)</c>, <c>(row)</c> for problems not tied to one column.
/// </summary>
public sealed record ImportMessage(string File, int Line, string Column, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Column}: {Message}";
}

/// <summary>One file of the portfolio folder: whether it was there and how many data rows it held.</summary>
public sealed record ImportFileSummary(string File, bool Found, int Rows);

/// <summary>
/// The outcome of reading (and, for <see cref="PortfolioImporter"/>, storing) a portfolio folder.
/// When <see cref="Errors"/> is non-empty nothing was stored. Errors come in file order, then line order. Past
/// 10,000 errors (a wrong file can have a million bad rows) the rest are counted in <see cref="ErrorCount"/> and
/// summed up by a last <c>(import):0: (errors): N more errors, not listed</c>.
/// </summary>
public sealed record ImportResult(
    IReadOnlyList<ImportFileSummary> Files,
    IReadOnlyList<ImportMessage> Warnings,
    IReadOnlyList<ImportMessage> Errors,
    int ErrorCount,
    TimeSpan Elapsed)
{
    public bool Succeeded => ErrorCount == 0;

    /// <summary>Data rows of <paramref name="file"/> (e.g. <c>usage.csv</c>), 0 when the file was absent.</summary>
    public int RowsOf(string file) =>
        Files.FirstOrDefault(f => string.Equals(f.File, file, StringComparison.OrdinalIgnoreCase))?.Rows ?? 0;
}

/// <summary>What <see cref="PortfolioReader"/> read: the portfolio when there were no errors, and the report.</summary>
public sealed record PortfolioReadResult(PortfolioData? Portfolio, ImportResult Result);
