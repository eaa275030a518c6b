using System.Data;
using System.Data.Common;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// The portfolio in PostgreSQL, for several bot instances sharing one database. A replace loads every table with
/// binary COPY inside one transaction; readers keep seeing the previous portfolio until it commits (MVCC), and a
/// multi-table read sees one portfolio, never half of each (repeatable read). Orders and values are those of
/// the SQLite store (tests/.../PortfolioStoreContractTests).
/// </summary>
public sealed class PostgresPortfolioStore(PostgresDatabase database, TimeProvider timeProvider) : IPortfolioStore
{
    private const int CancellationCheckInterval = 1024;

    private static readonly NpgsqlDbType s_textArray = NpgsqlDbType.Array | NpgsqlDbType.Text;

    public async Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Disposing the transaction without a commit (an exception, a cancellation, a crash) rolls everything back.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // DELETE rather than TRUNCATE: TRUNCATE would lock readers out of every table until the commit.
        await PostgresDatabase.ExecuteAsync(connection, """
            DELETE FROM outcomes; DELETE FROM interactions; DELETE FROM surveys; DELETE FROM tickets;
            DELETE FROM usage; DELETE FROM contacts; DELETE FROM accounts; DELETE FROM users; DELETE FROM import_info;
            """, cancellationToken).ConfigureAwait(false);

        const NpgsqlDbType Text = NpgsqlDbType.Text, Date = NpgsqlDbType.Date, Number = NpgsqlDbType.Numeric, Int = NpgsqlDbType.Integer;
        await CopyAsync(connection, "users (email, name, role, manager_email, aad_object_id)", [Text, Text, Text, Text, Text],
            portfolio.Users, u => [u.Email, u.Name, EnumText<UserRole>.Format(u.Role), u.ManagerEmail, u.AadObjectId], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "accounts (account_id, name, industry, segment, adoption_stage, csm_email, sales_email, arr, currency, contract_start, renewal_date, licensed_seats, products)",
            [Text, Text, Text, Text, Text, Text, Text, Number, Text, Date, Date, Int, s_textArray],
            portfolio.Accounts, a => [a.AccountId, a.Name, a.Industry, Format(a.Segment), Format(a.AdoptionStage), a.CsmEmail, a.SalesEmail, a.Arr,
                a.Currency, a.ContractStart, a.RenewalDate, a.LicensedSeats, a.Products.ToArray()], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "contacts (contact_id, account_id, name, title, email, role, sentiment, last_contact_date, status, left_date)",
            [Text, Text, Text, Text, Text, Text, Text, Date, Text, Date],
            portfolio.Contacts, c => [c.ContactId, c.AccountId, c.Name, c.Title, c.Email, Format(c.Role), Format(c.Sentiment), c.LastContactDate,
                EnumText<ContactStatus>.Format(c.Status), c.LeftDate], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "usage (account_id, week_start, active_users, sessions, feature_adoption_pct)", [Text, Date, Int, Int, Number],
            portfolio.Usage, u => [u.AccountId, u.WeekStart, u.ActiveUsers, u.Sessions, u.FeatureAdoptionPct], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "tickets (ticket_id, account_id, opened_date, closed_date, priority, category, status, subject)",
            [Text, Text, Date, Date, Text, Text, Text, Text],
            portfolio.Tickets, t => [t.TicketId, t.AccountId, t.OpenedDate, t.ClosedDate, EnumText<TicketPriority>.Format(t.Priority), Format(t.Category),
                EnumText<TicketStatus>.Format(t.Status), t.Subject], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "surveys (survey_id, account_id, contact_id, date, type, score, comment)", [Text, Text, Text, Date, Text, Int, Text],
            portfolio.Surveys, s => [s.SurveyId, s.AccountId, s.ContactId, s.Date, EnumText<SurveyType>.Format(s.Type), s.Score, s.Comment],
            cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "interactions (interaction_id, account_id, date, type, author_email, summary)", [Text, Text, Date, Text, Text, Text],
            portfolio.Interactions, i => [i.InteractionId, i.AccountId, i.Date, EnumText<InteractionType>.Format(i.Type), i.AuthorEmail, i.Summary],
            cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, "outcomes (outcome_id, account_id, goal, metric, baseline, target, current, unit, due_date, status)",
            [Text, Text, Text, Text, Number, Number, Number, Text, Date, Text],
            portfolio.Outcomes, o => [o.OutcomeId, o.AccountId, o.Goal, o.Metric, o.Baseline, o.Target, o.Current, o.Unit, o.DueDate,
                EnumText<OutcomeStatus>.Format(o.Status)], cancellationToken).ConfigureAwait(false);

        await using (var info = new NpgsqlCommand("INSERT INTO import_info (id, imported_at) VALUES (1, $1)", connection))
        {
            info.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = timeProvider.GetUtcNow().ToUniversalTime() });
            await info.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CheckReferencesAsync(connection, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM import_info)", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT imported_at FROM import_info", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;
    }

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT email, name, role, manager_email, aad_object_id FROM users ORDER BY email", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<User>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(new User(reader.GetString(0), reader.GetString(1), EnumText<UserRole>.Parse(reader.GetString(2)), PortfolioColumns.NullableString(reader, 3), PortfolioColumns.NullableString(reader, 4)));
        }

        return users;
    }

    public async Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"{PortfolioColumns.AccountColumns} ORDER BY account_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(s_columns.Account(reader));
        }

        return accounts;
    }

    public async Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var found = await GetAccountDataAsync([accountId], cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The given accounts (in account id order; unknown ids are skipped) with their rows, in one round trip.</summary>
    public async Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the seven statements: an import committing between two of them must not mix portfolios.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var ids = accountIds as string[] ?? [.. accountIds];
        foreach (var sql in PortfolioColumns.AccountDataStatements("account_id = ANY($1)"))
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids, NpgsqlDbType = s_textArray });
            batch.BatchCommands.Add(command);
        }

        List<AccountData> found;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            var accounts = new List<Account>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                accounts.Add(s_columns.Account(reader));
            }

            found = PortfolioColumns.Assemble(
                accounts,
                await ReadGroupedAsync(reader, s_columns.Contacts, cancellationToken).ConfigureAwait(false),
                await ReadGroupedAsync(reader, s_columns.Usage, cancellationToken).ConfigureAwait(false),
                await ReadGroupedAsync(reader, s_columns.Tickets, cancellationToken).ConfigureAwait(false),
                await ReadGroupedAsync(reader, s_columns.Surveys, cancellationToken).ConfigureAwait(false),
                await ReadGroupedAsync(reader, s_columns.Interactions, cancellationToken).ConfigureAwait(false),
                await ReadGroupedAsync(reader, s_columns.Outcomes, cancellationToken).ConfigureAwait(false));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// What the SQLite schema's foreign keys enforce, in one query of anti-joins over the loaded tables: the first
    /// row pointing at nothing fails the replace (the caller's transaction then rolls back).
    /// </summary>
    private static async Task CheckReferencesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(s_danglingReference, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"{reader.GetString(0)} row {reader.GetString(1)} refers to {reader.GetString(2)}, which is not in the portfolio; nothing was replaced.");
        }
    }

    private static readonly string s_danglingReference = string.Join("\nUNION ALL\n",
        new (string Table, string Key, string Column, string Parent, string ParentKey)[]
        {
            ("users", "email", "manager_email", "users", "email"),
            ("accounts", "account_id", "csm_email", "users", "email"),
            ("accounts", "account_id", "sales_email", "users", "email"),
            ("contacts", "contact_id", "account_id", "accounts", "account_id"),
            ("usage", "account_id || ' ' || week_start", "account_id", "accounts", "account_id"),
            ("tickets", "ticket_id", "account_id", "accounts", "account_id"),
            ("surveys", "survey_id", "account_id", "accounts", "account_id"),
            ("surveys", "survey_id", "contact_id", "contacts", "contact_id"),
            ("interactions", "interaction_id", "account_id", "accounts", "account_id"),
            ("outcomes", "outcome_id", "account_id", "accounts", "account_id"),
        }.Select(r => $"""
            (SELECT '{r.Table}.{r.Column}', ({r.Key})::text, {r.Column}::text FROM {r.Table} c
             WHERE {r.Column} IS NOT NULL AND NOT EXISTS (SELECT FROM {r.Parent} p WHERE p.{r.ParentKey} = c.{r.Column}) LIMIT 1)
            """)) + "\nLIMIT 1";

    private static readonly PostgresColumns s_columns = new();

    /// <summary>
    /// Streams <paramref name="rows"/> into a table with binary COPY. Leaving early (an exception, a cancellation)
    /// disposes the importer without completing it, which aborts the COPY; the caller's transaction then rolls back.
    /// </summary>
    private static async Task CopyAsync<T>(
        NpgsqlConnection connection, string tableAndColumns, NpgsqlDbType[] types, IReadOnlyList<T> rows, Func<T, object?[]> values,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)", cancellationToken)
            .ConfigureAwait(false);
        for (var row = 0; row < rows.Count; row++)
        {
            if (row % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var rowValues = values(rows[row]);
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < rowValues.Length; i++)
            {
                if (rowValues[i] is { } value)
                {
                    await importer.WriteAsync(value, types[i], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, List<T>>> ReadGroupedAsync<T>(
        NpgsqlDataReader reader, PortfolioColumns.ResultSet<T> set, CancellationToken cancellationToken)
    {
        var grouped = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            PortfolioColumns.Add(grouped, reader, set);
        }

        return grouped;
    }

    private static string? Format<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } v ? EnumText<TEnum>.Format(v) : null;

    /// <summary>Dates, amounts and the product list come back typed (date, numeric, text[]).</summary>
    private sealed class PostgresColumns : PortfolioColumns
    {
        protected override DateOnly Date(DbDataReader r, int ordinal) => r.GetFieldValue<DateOnly>(ordinal);

        protected override decimal Decimal(DbDataReader r, int ordinal) => r.GetDecimal(ordinal);

        protected override IReadOnlyList<string> Products(DbDataReader r, int ordinal) => r.GetFieldValue<string[]>(ordinal);
    }
}
