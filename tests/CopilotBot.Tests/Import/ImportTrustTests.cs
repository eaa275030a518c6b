using CopilotBot.Core.Import;

namespace CopilotBot.Tests.Import;

/// <summary>Item 8 of issue 20: imports that looked fine but lost data.</summary>
public sealed class ImportTrustTests
{
    private static readonly PortfolioReader s_reader = new(TimeProvider.System);

    [Fact]
    public void Item8_ids_differing_only_by_case_are_refused()
    {
        using var folder = PortfolioFolder.Valid().Write("tickets.csv", """
            ticket_id,account_id,opened_date,closed_date,priority,category,status,subject
            T-1,A-100,2026-03-01,,P1,outage,open,Login fails
            t-1,A-100,2026-03-02,,P2,outage,open,Export fails

            """);

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Null(portfolio);
        Assert.Equal(["tickets.csv:3: ticket_id: duplicate ticket 't-1': differs only by case from 'T-1' (line 2)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Item8_a_csv_file_replaced_by_a_directory_is_an_error_not_an_absent_file()
    {
        using var folder = PortfolioFolder.Valid().Delete("tickets.csv");
        Directory.CreateDirectory(Path.Combine(folder.Path, "tickets.csv"));

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Null(portfolio);
        Assert.Contains("tickets.csv:0: (file): is a directory, not a file", result.Errors.Select(e => e.ToString()));
    }
}
