using System.Globalization;
using Npgsql;

namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// One PostgreSQL database shared by every store of a process (portfolio, conversations): a connection pool and the
/// schema, migrated on first use. Several instances may start together against one database: migrations run under a
/// transaction-scoped advisory lock, so one instance applies them and the others find them applied.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The configuration key of the connection string (<c>ConnectionStrings:Postgres</c>).</summary>
    public const string ConnectionStringName = "Postgres";

    // Any constant shared by every build: pg_advisory_xact_lock keys are database-wide.
    private const long MigrationLockKey = 0x436F_7069_6C6F_7401;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private volatile bool _migrated;

    /// <summary>A database reached through <paramref name="connectionString"/> (Npgsql syntax); nothing is opened yet.</summary>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>An open connection to a database at <see cref="PostgresSchema.CurrentVersion"/>.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_migrated)
                {
                    await using var first = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await MigrateAsync(first, cancellationToken).ConfigureAwait(false);
                    _migrated = true;
                }
            }
            finally
            {
                _migrationLock.Release();
            }
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings the schema up to <see cref="PostgresSchema.CurrentVersion"/> in one transaction (PostgreSQL DDL is
    /// transactional): a failed migration leaves the database as it was.
    /// </summary>
    private static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            SELECT pg_advisory_xact_lock({MigrationLockKey});
            CREATE TABLE IF NOT EXISTS schema_version (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken).ConfigureAwait(false);

        await using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection))
        {
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (version > PostgresSchema.CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"Database {connection.Database} has schema version {version}, newer than this build's {PostgresSchema.CurrentVersion}; upgrade CopilotBot.");
            }

            for (var next = version; next < PostgresSchema.CurrentVersion; next++)
            {
                await ExecuteAsync(connection, $"{PostgresSchema.Migrations[next]};\nINSERT INTO schema_version (version) VALUES ({next + 1});", cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement with positional parameters (<c>$1</c>...) on a connection of its own; the rows affected.</summary>
    internal async Task<int> ExecuteAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one query with positional parameters on a connection of its own; every row, mapped.</summary>
    internal async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object?[] values, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, values);
        return await StoredRows.ReadAllAsync(command, r => map((NpgsqlDataReader)r), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one query with positional parameters on a connection of its own; the first column of its first row.</summary>
    internal async Task<object?> ScalarAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, values);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>A command whose values bind to <c>$1</c>, <c>$2</c>... in order.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] values, NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                // A null string still needs a type: PostgreSQL cannot infer one for an untyped NULL in every position.
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                // timestamptz takes UTC only.
                DateTimeOffset time => new NpgsqlParameter { Value = time.ToUniversalTime() },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migrationLock.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _migrationLock.Dispose();
    }
}
