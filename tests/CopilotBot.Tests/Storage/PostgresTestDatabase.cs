using CopilotBot.Core.Storage.Postgres;
using Npgsql;

namespace CopilotBot.Tests.Storage;

/// <summary>
/// A throwaway PostgreSQL database for one test class, on the server named by <c>COPILOTBOT_POSTGRES</c>
/// (tests/run.sh starts a local one and sets it), dropped after the class. Without the variable it does nothing and
/// the tests that need it are skipped. Each test may take a fresh schema of its own (<see cref="CreateSchemaAsync"/>).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "COPILOTBOT_POSTGRES";

    private string? _connectionString;

    /// <summary>The server's connection string, e.g. <c>Host=127.0.0.1;Username=copilot;Password=copilot;Database=copilot_test</c>.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => ServerConnectionString is null
        ? $"{EnvironmentVariable} is not set: no PostgreSQL server to test against (tests/run.sh installs and starts one)."
        : null;

    /// <summary>The throwaway database (its default schema).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(SkipReason);

    public async Task InitializeAsync()
    {
        if (ServerConnectionString is not { } server)
        {
            return;
        }

        // The configured database only names the throwaway ones; they are created from the server's maintenance database.
        var builder = new NpgsqlConnectionStringBuilder(server);
        var name = $"{builder.Database ?? "copilot_test"}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        builder.Database = name;
        _connectionString = builder.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        // Not DROP ... WITH (FORCE): it refuses outright when an autovacuum worker is in the database (a process of no role
        // this one may signal), which the tests' bulk writes make likely. A plain DROP stops autovacuum itself and waits a
        // few seconds for the sessions ended here (pooled connections of this role that a test left open) to go.
        var name = new NpgsqlConnectionStringBuilder(_connectionString).Database!;
        await ExecuteOnServerAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND usename = current_user AND pid <> pg_backend_pid()",
            new NpgsqlParameter("name", name));
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\"");
    }

    /// <summary>A new empty schema in the database, and a connection string whose tables live there.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(ConnectionString, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    private static Task ExecuteOnServerAsync(string sql, params NpgsqlParameter[] parameters) =>
        ExecuteAsync(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres" }.ConnectionString, sql, parameters);

    // Unpooled: a pooled connection left idle in a throwaway database would outlive it.
    private static async Task ExecuteAsync(string connectionString, string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One test's fresh schema in the class's database, and the databases its stores opened there, closed after the test.</summary>
public sealed class PostgresTestSchema(PostgresTestDatabase server) : IAsyncLifetime
{
    private readonly List<PostgresDatabase> _opened = [];
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(PostgresTestDatabase.SkipReason ?? "InitializeAsync has not run.");

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.SkipReason is null)
        {
            _connectionString = await server.CreateSchemaAsync();
        }
    }

    /// <summary>Another pool on the schema: a restarted store, or another instance.</summary>
    public PostgresDatabase Open()
    {
        var database = new PostgresDatabase(ConnectionString);
        _opened.Add(database);
        return database;
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>A test that needs PostgreSQL: skipped, saying why, when <c>COPILOTBOT_POSTGRES</c> is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresTestDatabase.SkipReason;
}
