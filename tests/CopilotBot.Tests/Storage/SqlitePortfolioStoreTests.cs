using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Storage;

[Collection(LargePortfolios.Collection)]
public sealed class SqlitePortfolioStoreTests(ITestOutputHelper output) : PortfolioStoreContractTests(output)
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.Combine("data", "nested", SqlitePortfolioStore.FileName);

    protected override IPortfolioStore CreateStoreCore() => new SqlitePortfolioStore(DatabasePath, TimeProvider.System);

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task FirstUseCreatesTheFolderAndAMigratedWalDatabase()
    {
        var store = CreateStore();
        Assert.False(File.Exists(DatabasePath));

        await store.HasPortfolioAsync();

        Assert.True(File.Exists(DatabasePath));
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        var indexes = Scalar(connection, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name)");
        Assert.Equal("ix_accounts_csm_email ix_accounts_sales_email ix_contacts_account_id ix_interactions_account_id ix_outcomes_account_id ix_surveys_account_id ix_tickets_account_id", indexes);
    }

    [Fact]
    public async Task ADatabaseFromANewerBuildIsRefused()
    {
        await CreateStore().HasPortfolioAsync();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1}");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateStore().HasPortfolioAsync());
        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
