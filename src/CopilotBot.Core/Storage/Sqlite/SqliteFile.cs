using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CopilotBot.Core.Storage.Sqlite;

/// <summary>
/// One SQLite file of a store (alerts, feedback, the bot's state): pooled connections, set up once per SQLite handle,
/// and the store's tables created on the first open in this process (the schema is idempotent: CREATE … IF NOT EXISTS).
/// </summary>
public sealed class SqliteFile
{
    private static readonly ConditionalWeakTable<sqlite3, object> s_configured = [];
    private static readonly object s_configuredMark = new();
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    public SqliteFile(string path, string schema, bool foreignKeys = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, ForeignKeys = foreignKeys }.ToString();
        _schema = schema;
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Per SQLite connection, which the pool keeps open across SqliteConnection objects: set once per handle, not
        // on every open (parsing them each time cost as much as a turn's own statements). A writer that finds the file
        // locked waits inside SQLite (a few ms at a time) rather than in Microsoft.Data.Sqlite's retry loop, which
        // sleeps 150 ms per try: under concurrent turns that loop alone capped throughput. NORMAL in WAL mode syncs at
        // checkpoints instead of on every commit: a killed process loses nothing committed; only a power cut can lose
        // the last commits.
        var handle = connection.Handle!;
        if (!s_configured.TryGetValue(handle, out _))
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            s_configured.AddOrUpdate(handle, s_configuredMark);
        }

        if (!_initialized)
        {
            await _init.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_initialized)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA journal_mode = WAL;\n" + _schema;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _initialized = true;
                }
            }
            finally
            {
                _init.Release();
            }
        }

        return connection;
    }

    /// <summary>Closes the pooled connections, releasing the file (its owner's Dispose).</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
