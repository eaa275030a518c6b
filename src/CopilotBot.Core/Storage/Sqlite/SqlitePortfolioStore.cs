using System.Data.Common;
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
            users.Add(new User(reader.GetString(0), reader.GetString(1), EnumText<UserRole>.Parse(reader.GetString(2)), PortfolioColumns.NullableString(reader, 3), PortfolioColumns.NullableString(reader, 4)));
        }

        return users;
    }

    public async Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"{PortfolioColumns.AccountColumns} ORDER BY account_id";
        using var reader = command.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
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
        command.CommandText = string.Join(";\n", PortfolioColumns.AccountDataStatements("account_id IN (SELECT value FROM json_each($ids))"));
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(accountIds));
        using var reader = command.ExecuteReader();

        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(s_columns.Account(reader));
        }

        return PortfolioColumns.Assemble(
            accounts,
            ReadGrouped(reader, s_columns.Contacts),
            ReadGrouped(reader, s_columns.Usage),
            ReadGrouped(reader, s_columns.Tickets),
            ReadGrouped(reader, s_columns.Surveys),
            ReadGrouped(reader, s_columns.Interactions),
            ReadGrouped(reader, s_columns.Outcomes));
    }

    /// <summary>Closes the pooled connections, releasing the database file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _migrationLock.Dispose();
    }

    private static readonly SqliteColumns s_columns = new();

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

    private static Dictionary<string, List<T>> ReadGrouped<T>(SqliteDataReader reader, PortfolioColumns.ResultSet<T> set)
    {
        var grouped = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        reader.NextResult();
        while (reader.Read())
        {
            PortfolioColumns.Add(grouped, reader, set);
        }

        return grouped;
    }

    private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } v ? EnumText<TEnum>.Format(v) : null;

    /// <summary>Dates, amounts and the product list are stored as text (ISO dates, invariant numbers, a JSON array).</summary>
    private sealed class SqliteColumns : PortfolioColumns
    {
        protected override DateOnly Date(DbDataReader r, int ordinal) =>
            DateOnly.ParseExact(r.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

        protected override decimal Decimal(DbDataReader r, int ordinal) => decimal.Parse(r.GetString(ordinal), CultureInfo.InvariantCulture);

        protected override IReadOnlyList<string> Products(DbDataReader r, int ordinal) => JsonSerializer.Deserialize<string[]>(r.GetString(ordinal)) ?? [];
    }
}
