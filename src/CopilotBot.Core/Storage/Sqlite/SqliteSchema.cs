using Microsoft.Data.Sqlite;

namespace CopilotBot.Core.Storage.Sqlite;

/// <summary>
/// The portfolio schema as an ordered list of migrations; <c>PRAGMA user_version</c> records how many are applied.
/// Append new migrations, never edit applied ones: databases in the field have run them.
/// </summary>
internal static class SqliteSchema
{
    // Foreign keys are deferred so that a replace can insert in any order (users refer to their managers);
    // SQLite checks them at commit. Decimals are TEXT (exact), dates ISO TEXT (sortable), enums their format text.
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE import_info (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            imported_at TEXT NOT NULL);

        CREATE TABLE users (
            email TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            manager_email TEXT REFERENCES users (email) DEFERRABLE INITIALLY DEFERRED,
            aad_object_id TEXT);

        CREATE TABLE accounts (
            account_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            industry TEXT,
            segment TEXT,
            adoption_stage TEXT,
            csm_email TEXT NOT NULL REFERENCES users (email) DEFERRABLE INITIALLY DEFERRED,
            sales_email TEXT REFERENCES users (email) DEFERRABLE INITIALLY DEFERRED,
            arr TEXT NOT NULL,
            currency TEXT NOT NULL,
            contract_start TEXT,
            renewal_date TEXT NOT NULL,
            licensed_seats INTEGER NOT NULL CHECK (licensed_seats > 0),
            products TEXT NOT NULL);
        CREATE INDEX ix_accounts_csm_email ON accounts (csm_email);
        CREATE INDEX ix_accounts_sales_email ON accounts (sales_email);

        CREATE TABLE contacts (
            contact_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            name TEXT NOT NULL,
            title TEXT,
            email TEXT,
            role TEXT,
            sentiment TEXT,
            last_contact_date TEXT,
            status TEXT NOT NULL,
            left_date TEXT);
        CREATE INDEX ix_contacts_account_id ON contacts (account_id);

        CREATE TABLE usage (
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            week_start TEXT NOT NULL,
            active_users INTEGER NOT NULL,
            sessions INTEGER,
            feature_adoption_pct TEXT,
            PRIMARY KEY (account_id, week_start)) WITHOUT ROWID;

        CREATE TABLE tickets (
            ticket_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            opened_date TEXT NOT NULL,
            closed_date TEXT,
            priority TEXT NOT NULL,
            category TEXT,
            status TEXT NOT NULL,
            subject TEXT NOT NULL);
        CREATE INDEX ix_tickets_account_id ON tickets (account_id);

        CREATE TABLE surveys (
            survey_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            contact_id TEXT REFERENCES contacts (contact_id) DEFERRABLE INITIALLY DEFERRED,
            date TEXT NOT NULL,
            type TEXT NOT NULL,
            score INTEGER NOT NULL,
            comment TEXT);
        CREATE INDEX ix_surveys_account_id ON surveys (account_id);

        CREATE TABLE interactions (
            interaction_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            date TEXT NOT NULL,
            type TEXT NOT NULL,
            author_email TEXT,
            summary TEXT NOT NULL);
        CREATE INDEX ix_interactions_account_id ON interactions (account_id);

        CREATE TABLE outcomes (
            outcome_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id) DEFERRABLE INITIALLY DEFERRED,
            goal TEXT NOT NULL,
            metric TEXT,
            baseline TEXT,
            target TEXT,
            current TEXT,
            unit TEXT,
            due_date TEXT,
            status TEXT NOT NULL);
        CREATE INDEX ix_outcomes_account_id ON outcomes (account_id);
        """,
    ];

    /// <summary>The schema version this build writes: the number of migrations.</summary>
    public static int CurrentVersion => s_migrations.Length;

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>, each migration in its own transaction.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"{connection.DataSource} has schema version {version}, newer than this build's {CurrentVersion}; upgrade CopilotBot.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{s_migrations[next]};\nPRAGMA user_version = {next + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
