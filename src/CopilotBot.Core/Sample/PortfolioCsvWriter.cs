using System.Globalization;
using System.Text;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Core.Sample;

/// <summary>
/// Writes a portfolio as the CSV files of DATA-FORMAT.md: UTF-8 without BOM, a header row, RFC 4180 quoting,
/// ISO dates, invariant numbers, snake_case enums, LF line ends. The output is byte-stable for the same data.
/// </summary>
public static class PortfolioCsvWriter
{
    /// <summary>The files written, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["users.csv", "accounts.csv", "contacts.csv", "usage.csv", "tickets.csv", "surveys.csv", "interactions.csv", "outcomes.csv"];

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the eight files into <paramref name="directory"/> (created if needed), replacing existing ones.</summary>
    public static void Write(PortfolioData portfolio, string directory)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        Directory.CreateDirectory(directory);
        WriteFile(directory, "users.csv", "email,name,role,manager_email,aad_object_id", portfolio.Users,
            static (r, u) => r.Field(u.Email).Field(u.Name).Field(u.Role).Field(u.ManagerEmail).Field(u.AadObjectId));
        WriteFile(directory, "accounts.csv", "account_id,name,industry,segment,adoption_stage,csm_email,sales_email,arr,currency,contract_start,renewal_date,licensed_seats,products", portfolio.Accounts,
            static (r, a) => r.Field(a.AccountId).Field(a.Name).Field(a.Industry).Field(a.Segment).Field(a.AdoptionStage).Field(a.CsmEmail).Field(a.SalesEmail)
                .Field(a.Arr).Field(a.Currency).Field(a.ContractStart).Field(a.RenewalDate).Field(a.LicensedSeats).Field(string.Join(';', a.Products)));
        WriteFile(directory, "contacts.csv", "contact_id,account_id,name,title,email,role,sentiment,last_contact_date,status,left_date", portfolio.Contacts,
            static (r, c) => r.Field(c.ContactId).Field(c.AccountId).Field(c.Name).Field(c.Title).Field(c.Email).Field(c.Role).Field(c.Sentiment)
                .Field(c.LastContactDate).Field(c.Status).Field(c.LeftDate));
        WriteFile(directory, "usage.csv", "account_id,week_start,active_users,sessions,feature_adoption_pct", portfolio.Usage,
            static (r, u) => r.Field(u.AccountId).Field(u.WeekStart).Field(u.ActiveUsers).Field(u.Sessions).Field(u.FeatureAdoptionPct));
        WriteFile(directory, "tickets.csv", "ticket_id,account_id,opened_date,closed_date,priority,category,status,subject", portfolio.Tickets,
            static (r, t) => r.Field(t.TicketId).Field(t.AccountId).Field(t.OpenedDate).Field(t.ClosedDate).Field(t.Priority).Field(t.Category).Field(t.Status).Field(t.Subject));
        WriteFile(directory, "surveys.csv", "survey_id,account_id,contact_id,date,type,score,comment", portfolio.Surveys,
            static (r, s) => r.Field(s.SurveyId).Field(s.AccountId).Field(s.ContactId).Field(s.Date).Field(s.Type).Field(s.Score).Field(s.Comment));
        WriteFile(directory, "interactions.csv", "interaction_id,account_id,date,type,author_email,summary", portfolio.Interactions,
            static (r, i) => r.Field(i.InteractionId).Field(i.AccountId).Field(i.Date).Field(i.Type).Field(i.AuthorEmail).Field(i.Summary));
        WriteFile(directory, "outcomes.csv", "outcome_id,account_id,goal,metric,baseline,target,current,unit,due_date,status", portfolio.Outcomes,
            static (r, o) => r.Field(o.OutcomeId).Field(o.AccountId).Field(o.Goal).Field(o.Metric).Field(o.Baseline).Field(o.Target).Field(o.Current)
                .Field(o.Unit).Field(o.DueDate).Field(o.Status));
    }

    /// <summary>One field as it appears in the file: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteFile<T>(string directory, string name, string header, IReadOnlyList<T> rows, Action<Row, T> write)
    {
        using var stream = new FileStream(Path.Combine(directory, name), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, s_utf8, 1 << 16) { NewLine = "\n" };
        writer.Write(header);
        writer.Write('\n');
        var row = new Row(writer);
        foreach (var item in rows)
        {
            row.Start();
            write(row, item);
            writer.Write('\n');
        }
    }

    /// <summary>Appends the fields of one record, separated by commas.</summary>
    private sealed class Row(StreamWriter writer)
    {
        private bool _first = true;

        public void Start() => _first = true;

        public Row Field(string? value)
        {
            Separator();
            if (!string.IsNullOrEmpty(value))
            {
                writer.Write(Quote(value));
            }
            return this;
        }

        public Row Field(DateOnly? value) => Field(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public Row Field(int? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

        public Row Field(decimal? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

        public Row Field(Enum? value) => Field(value is null ? null : SnakeCase.Name(value));

        private void Separator()
        {
            if (!_first)
            {
                writer.Write(',');
            }
            _first = false;
        }
    }
}
