using System.Globalization;
using System.Text.Json;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CopilotBot.Core.Storage.Sqlite;

/// <summary>
/// The embedded portfolio store: one SQLite file (<c>portfolio.db</c> under the data directory) in WAL mode, so that
/// readers (the bot) keep reading the previous portfolio while an import writes the next one. The schema is
/// migrated on first use. Lists come back in a stable order: by id, and dated rows by date then id.
/// </summary>
public sealed class SqlitePortfolioStore : IPortfolioStore, IDisposable
{
    /// <summary>The database file name under <see cref="CopilotOptions.DataDirectory"/>.</summary>
    public const string FileName = "portfolio.db";

    private const int CancellationCheckInterval = 1024;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private bool _migrated;

    /// <summary>A store in <paramref name="databasePath"/>; the file and its folder are created on first use.</summary>
    public SqlitePortfolioStore(string databasePath, TimeProvider timeProvider)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Disposing the transaction without a commit (an exception, a cancellation, a crash) rolls everything back.
        await using var transaction = connection.BeginTransaction();
        Execute(connection, """
            DELETE FROM outcomes; DELETE FROM interactions; DELETE FROM surveys; DELETE FROM tickets;
            DELETE FROM usage; DELETE FROM contacts; DELETE FROM accounts; DELETE FROM users; DELETE FROM import_info;
            """);

        Insert(connection, "users (email, name, role, manager_email, aad_object_id)", portfolio.Users, cancellationToken,
            u => [u.Email, u.Name, EnumText<UserRole>.Format(u.Role), u.ManagerEmail, u.AadObjectId]);
        Insert(connection, "accounts (account_id, name, industry, segment, adoption_stage, csm_email, sales_email, arr, currency, contract_start, renewal_date, licensed_seats, products)",
            portfolio.Accounts, cancellationToken,
            a => [a.AccountId, a.Name, a.Industry, Text(a.Segment), Text(a.AdoptionStage), a.CsmEmail, a.SalesEmail, Text(a.Arr), a.Currency,
                Text(a.ContractStart), Text(a.RenewalDate), a.LicensedSeats, JsonSerializer.Serialize(a.Products)]);
        Insert(connection, "contacts (contact_id, account_id, name, title, email, role, sentiment, last_contact_date, status, left_date)",
            portfolio.Contacts, cancellationToken,
            c => [c.ContactId, c.AccountId, c.Name, c.Title, c.Email, Text(c.Role), Text(c.Sentiment), Text(c.LastContactDate),
                EnumText<ContactStatus>.Format(c.Status), Text(c.LeftDate)]);
        Insert(connection, "usage (account_id, week_start, active_users, sessions, feature_adoption_pct)", portfolio.Usage, cancellationToken,
            u => [u.AccountId, Text(u.WeekStart), u.ActiveUsers, u.Sessions, Text(u.FeatureAdoptionPct)]);
        Insert(connection, "tickets (ticket_id, account_id, opened_date, closed_date, priority, category, status, subject)",
            portfolio.Tickets, cancellationToken,
            t => [t.TicketId, t.AccountId, Text(t.OpenedDate), Text(t.ClosedDate), EnumText<TicketPriority>.Format(t.Priority), Text(t.Category),
                EnumText<TicketStatus>.Format(t.Status), t.Subject]);
        Insert(connection, "surveys (survey_id, account_id, contact_id, date, type, score, comment)", portfolio.Surveys, cancellationToken,
            s => [s.SurveyId, s.AccountId, s.ContactId, Text(s.Date), EnumText<SurveyType>.Format(s.Type), s.Score, s.Comment]);
        Insert(connection, "interactions (interaction_id, account_id, date, type, author_email, summary)", portfolio.Interactions, cancellationToken,
            i => [i.InteractionId, i.AccountId, Text(i.Date), EnumText<InteractionType>.Format(i.Type), i.AuthorEmail, i.Summary]);
        Insert(connection, "outcomes (outcome_id, account_id, goal, metric, baseline, target, current, unit, due_date, status)",
            portfolio.Outcomes, cancellationToken,
            o => [o.OutcomeId, o.AccountId, o.Goal, o.Metric, Text(o.Baseline), Text(o.Target), Text(o.Current), o.Unit, Text(o.DueDate),
                EnumText<OutcomeStatus>.Format(o.Status)]);
        Insert(connection, "import_info (id, imported_at)", [_timeProvider.GetUtcNow()], cancellationToken,
            at => [1, at.ToString("O", CultureInfo.InvariantCulture)]);

        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(SqliteSchema.Scalar(connection, "SELECT EXISTS (SELECT 1 FROM import_info)"), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return SqliteSchema.Scalar(connection, "SELECT imported_at FROM import_info") is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;
    }

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT email, name, role, manager_email, aad_object_id FROM users ORDER BY email";
        using var reader = command.ExecuteReader();
        var users = new List<User>();
        while (reader.Read())
        {
            users.Add(new User(reader.GetString(0), reader.GetString(1), EnumText<UserRole>.Parse(reader.GetString(2)), NullableString(reader, 3), NullableString(reader, 4)));
        }

        return users;
    }

    public async Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"{AccountColumns} ORDER BY account_id";
        using var reader = command.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    public async Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var found = await GetAccountDataAsync([accountId], cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The given accounts (in account id order; unknown ids are skipped) with their rows, in one command.</summary>
    public async Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        const string Wanted = "account_id IN (SELECT value FROM json_each($ids))";
        command.CommandText = $"""
            {AccountColumns} WHERE {Wanted} ORDER BY account_id;
            SELECT contact_id, account_id, name, title, email, role, sentiment, last_contact_date, status, left_date
                FROM contacts WHERE {Wanted} ORDER BY contact_id;
            SELECT account_id, week_start, active_users, sessions, feature_adoption_pct
                FROM usage WHERE {Wanted} ORDER BY account_id, week_start;
            SELECT ticket_id, account_id, opened_date, closed_date, priority, category, status, subject
                FROM tickets WHERE {Wanted} ORDER BY opened_date, ticket_id;
            SELECT survey_id, account_id, contact_id, date, type, score, comment
                FROM surveys WHERE {Wanted} ORDER BY date, survey_id;
            SELECT interaction_id, account_id, date, type, author_email, summary
                FROM interactions WHERE {Wanted} ORDER BY date, interaction_id;
            SELECT outcome_id, account_id, goal, metric, baseline, target, current, unit, due_date, status
                FROM outcomes WHERE {Wanted} ORDER BY outcome_id;
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(accountIds));
        using var reader = command.ExecuteReader();

        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        var contacts = ReadGrouped(reader, 1, r => new Contact(
            r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), NullableEnum<ContactRole>(r, 5),
            NullableEnum<Sentiment>(r, 6), NullableDate(r, 7), EnumText<ContactStatus>.Parse(r.GetString(8)), NullableDate(r, 9)));
        var usage = ReadGrouped(reader, 0, r => new UsageWeek(
            r.GetString(0), Date(r, 1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3), NullableDecimal(r, 4)));
        var tickets = ReadGrouped(reader, 1, r => new Ticket(
            r.GetString(0), r.GetString(1), Date(r, 2), NullableDate(r, 3), EnumText<TicketPriority>.Parse(r.GetString(4)),
            NullableEnum<TicketCategory>(r, 5), EnumText<TicketStatus>.Parse(r.GetString(6)), r.GetString(7)));
        var surveys = ReadGrouped(reader, 1, r => new Survey(
            r.GetString(0), r.GetString(1), NullableString(r, 2), Date(r, 3), EnumText<SurveyType>.Parse(r.GetString(4)), r.GetInt32(5), NullableString(r, 6)));
        var interactions = ReadGrouped(reader, 1, r => new Interaction(
            r.GetString(0), r.GetString(1), Date(r, 2), EnumText<InteractionType>.Parse(r.GetString(3)), NullableString(r, 4), r.GetString(5)));
        var outcomes = ReadGrouped(reader, 1, r => new Outcome(
            r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableDecimal(r, 4), NullableDecimal(r, 5),
            NullableDecimal(r, 6), NullableString(r, 7), NullableDate(r, 8), EnumText<OutcomeStatus>.Parse(r.GetString(9))));

        return accounts.ConvertAll(a => new AccountData(
            a,
            contacts.GetValueOrDefault(a.AccountId) ?? [],
            usage.GetValueOrDefault(a.AccountId) ?? [],
            tickets.GetValueOrDefault(a.AccountId) ?? [],
            surveys.GetValueOrDefault(a.AccountId) ?? [],
            interactions.GetValueOrDefault(a.AccountId) ?? [],
            outcomes.GetValueOrDefault(a.AccountId) ?? []));
    }

    /// <summary>Closes the pooled connections, releasing the database file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _migrationLock.Dispose();
    }

    private const string AccountColumns = """
        SELECT account_id, name, industry, segment, adoption_stage, csm_email, sales_email, arr, currency,
               contract_start, renewal_date, licensed_seats, products
        FROM accounts
        """;

    private static Account ReadAccount(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), NullableString(r, 2), NullableEnum<Segment>(r, 3), NullableEnum<AdoptionStage>(r, 4),
        r.GetString(5), NullableString(r, 6), decimal.Parse(r.GetString(7), CultureInfo.InvariantCulture), r.GetString(8),
        NullableDate(r, 9), Date(r, 10), r.GetInt32(11), JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? []);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_migrated)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
                    using var first = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

                    // WAL is a property of the file: set once, it stays for every later connection.
                    Execute(first, "PRAGMA journal_mode = WAL;");
                    SqliteSchema.Migrate(first);
                    _migrated = true;
                }
            }
            finally
            {
                _migrationLock.Release();
            }
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per-connection settings. synchronous = NORMAL is durable enough with WAL (a power cut can lose the
            // last commit, never corrupt the file) and makes the bulk insert much faster.
            Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> through one prepared statement, bound and stepped with the raw SQLite API:
    /// per row that is a third of what an ADO.NET command execution costs, which matters at millions of usage rows.
    /// It runs inside the connection's open transaction like any other statement.
    /// </summary>
    private static void Insert<T>(
        SqliteConnection connection, string tableAndColumns, IReadOnlyList<T> rows, CancellationToken cancellationToken, Func<T, object?[]> values)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Count == 0)
        {
            return;
        }

        var db = connection.Handle!;
        var columnCount = tableAndColumns.Count(c => c == ',') + 1;
        var sql = $"INSERT INTO {tableAndColumns} VALUES ({string.Join(", ", Enumerable.Repeat("?", columnCount))})";
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            for (var row = 0; row < rows.Count; row++)
            {
                if (row % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var rowValues = values(rows[row]);
                for (var i = 0; i < rowValues.Length; i++)
                {
                    Check(db, rowValues[i] switch
                    {
                        null => raw.sqlite3_bind_null(statement, i + 1),
                        string text => raw.sqlite3_bind_text(statement, i + 1, text),
                        int number => raw.sqlite3_bind_int(statement, i + 1, number),
                        var other => throw new InvalidOperationException($"Unexpected {other.GetType().Name} for {tableAndColumns}"),
                    });
                }

                var done = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (done != raw.SQLITE_DONE)
                {
                    Check(db, done);
                }
            }
        }
    }

    private static void Check(sqlite3 db, int resultCode)
    {
        if (resultCode != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {resultCode}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", resultCode, raw.sqlite3_extended_errcode(db));
        }
    }

    private static Dictionary<string, List<T>> ReadGrouped<T>(SqliteDataReader reader, int accountIdOrdinal, Func<SqliteDataReader, T> read)
    {
        var grouped = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        reader.NextResult();
        while (reader.Read())
        {
            var accountId = reader.GetString(accountIdOrdinal);
            if (!grouped.TryGetValue(accountId, out var list))
            {
                grouped[accountId] = list = [];
            }

            list.Add(read(reader));
        }

        return grouped;
    }

    private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } v ? EnumText<TEnum>.Format(v) : null;

    private static string? NullableString(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateOnly Date(SqliteDataReader r, int ordinal) =>
        DateOnly.ParseExact(r.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? NullableDate(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Date(r, ordinal);

    private static decimal? NullableDecimal(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : decimal.Parse(r.GetString(ordinal), CultureInfo.InvariantCulture);

    private static TEnum? NullableEnum<TEnum>(SqliteDataReader r, int ordinal)
        where TEnum : struct, Enum => r.IsDBNull(ordinal) ? null : EnumText<TEnum>.Parse(r.GetString(ordinal));
}
