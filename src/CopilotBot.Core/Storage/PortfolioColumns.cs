using System.Data.Common;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;

namespace CopilotBot.Core.Storage;

/// <summary>
/// The portfolio's SELECTs and their rows as records, shared by the SQL stores. The stores differ only in how a date,
/// an amount and the product list come back (text in SQLite, typed in PostgreSQL): those three are theirs.
/// </summary>
internal abstract class PortfolioColumns
{
    /// <summary>The accounts' columns in <see cref="Account"/> order; append a WHERE and an ORDER BY.</summary>
    public const string AccountColumns = """
        SELECT account_id, name, industry, segment, adoption_stage, csm_email, sales_email, arr, currency,
               contract_start, renewal_date, licensed_seats, products
        FROM accounts
        """;

    /// <summary>One result set of an account's rows: where its account id is and how a row becomes a record.</summary>
    /// <typeparam name="T">The record.</typeparam>
    public sealed record ResultSet<T>(int AccountIdOrdinal, Func<DbDataReader, T> Read);

    public ResultSet<Contact> Contacts => new(1, r => new Contact(
        r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), NullableEnum<ContactRole>(r, 5),
        NullableEnum<Sentiment>(r, 6), NullableDate(r, 7), EnumText<ContactStatus>.Parse(r.GetString(8)), NullableDate(r, 9)));

    public ResultSet<UsageWeek> Usage => new(0, r => new UsageWeek(
        r.GetString(0), Date(r, 1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3), NullableDecimal(r, 4)));

    public ResultSet<Ticket> Tickets => new(1, r => new Ticket(
        r.GetString(0), r.GetString(1), Date(r, 2), NullableDate(r, 3), EnumText<TicketPriority>.Parse(r.GetString(4)),
        NullableEnum<TicketCategory>(r, 5), EnumText<TicketStatus>.Parse(r.GetString(6)), r.GetString(7)));

    public ResultSet<Survey> Surveys => new(1, r => new Survey(
        r.GetString(0), r.GetString(1), NullableString(r, 2), Date(r, 3), EnumText<SurveyType>.Parse(r.GetString(4)), r.GetInt32(5), NullableString(r, 6)));

    public ResultSet<Interaction> Interactions => new(1, r => new Interaction(
        r.GetString(0), r.GetString(1), Date(r, 2), EnumText<InteractionType>.Parse(r.GetString(3)), NullableString(r, 4), r.GetString(5)));

    public ResultSet<Outcome> Outcomes => new(1, r => new Outcome(
        r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableDecimal(r, 4), NullableDecimal(r, 5),
        NullableDecimal(r, 6), NullableString(r, 7), NullableDate(r, 8), EnumText<OutcomeStatus>.Parse(r.GetString(9))));

    /// <summary>
    /// The seven statements that read accounts and their rows, in the order of <see cref="Assemble"/>'s arguments;
    /// <paramref name="wanted"/> is the store's condition on <c>account_id</c>.
    /// </summary>
    public static IReadOnlyList<string> AccountDataStatements(string wanted) =>
    [
        $"{AccountColumns} WHERE {wanted} ORDER BY account_id",
        $"""
        SELECT contact_id, account_id, name, title, email, role, sentiment, last_contact_date, status, left_date
            FROM contacts WHERE {wanted} ORDER BY contact_id
        """,
        $"SELECT account_id, week_start, active_users, sessions, feature_adoption_pct FROM usage WHERE {wanted} ORDER BY account_id, week_start",
        $"""
        SELECT ticket_id, account_id, opened_date, closed_date, priority, category, status, subject
            FROM tickets WHERE {wanted} ORDER BY opened_date, ticket_id
        """,
        $"SELECT survey_id, account_id, contact_id, date, type, score, comment FROM surveys WHERE {wanted} ORDER BY date, survey_id",
        $"SELECT interaction_id, account_id, date, type, author_email, summary FROM interactions WHERE {wanted} ORDER BY date, interaction_id",
        $"""
        SELECT outcome_id, account_id, goal, metric, baseline, target, current, unit, due_date, status
            FROM outcomes WHERE {wanted} ORDER BY outcome_id
        """,
    ];

    /// <summary>Each account with its rows (none when a set has none for it), in the accounts' order.</summary>
    public static List<AccountData> Assemble(
        List<Account> accounts,
        Dictionary<string, List<Contact>> contacts,
        Dictionary<string, List<UsageWeek>> usage,
        Dictionary<string, List<Ticket>> tickets,
        Dictionary<string, List<Survey>> surveys,
        Dictionary<string, List<Interaction>> interactions,
        Dictionary<string, List<Outcome>> outcomes) =>
        accounts.ConvertAll(a => new AccountData(
            a,
            contacts.GetValueOrDefault(a.AccountId) ?? [],
            usage.GetValueOrDefault(a.AccountId) ?? [],
            tickets.GetValueOrDefault(a.AccountId) ?? [],
            surveys.GetValueOrDefault(a.AccountId) ?? [],
            interactions.GetValueOrDefault(a.AccountId) ?? [],
            outcomes.GetValueOrDefault(a.AccountId) ?? []));

    /// <summary>A row of <see cref="AccountColumns"/>.</summary>
    public Account Account(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), NullableString(r, 2), NullableEnum<Segment>(r, 3), NullableEnum<AdoptionStage>(r, 4),
        r.GetString(5), NullableString(r, 6), Decimal(r, 7), r.GetString(8), NullableDate(r, 9), Date(r, 10), r.GetInt32(11), Products(r, 12));

    /// <summary>Adds a row to its account's list.</summary>
    public static void Add<T>(Dictionary<string, List<T>> grouped, DbDataReader reader, ResultSet<T> set)
    {
        var accountId = reader.GetString(set.AccountIdOrdinal);
        if (!grouped.TryGetValue(accountId, out var list))
        {
            grouped[accountId] = list = [];
        }

        list.Add(set.Read(reader));
    }

    public static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    protected abstract DateOnly Date(DbDataReader r, int ordinal);

    protected abstract decimal Decimal(DbDataReader r, int ordinal);

    protected abstract IReadOnlyList<string> Products(DbDataReader r, int ordinal);

    private DateOnly? NullableDate(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Date(r, ordinal);

    private decimal? NullableDecimal(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Decimal(r, ordinal);

    private static TEnum? NullableEnum<TEnum>(DbDataReader r, int ordinal)
        where TEnum : struct, Enum => r.IsDBNull(ordinal) ? null : EnumText<TEnum>.Parse(r.GetString(ordinal));
}
