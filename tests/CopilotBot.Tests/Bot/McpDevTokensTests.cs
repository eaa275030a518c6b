using CopilotBot.Bot.Mcp;
using CopilotBot.Core;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CopilotBot.Tests.Bot;

/// <summary>Development tokens for <c>/mcp</c>: signed with the data folder's key, short-lived, naming one user.</summary>
public sealed class McpDevTokensTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_token_names_its_user_until_it_expires()
    {
        var tokens = Tokens(_data.Path);
        var token = tokens.Issue("alexw@example.com", TimeSpan.FromMinutes(10));

        Assert.Equal("alexw@example.com", await tokens.ValidateAsync(token));
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("alexw@example.com", await Tokens(_data.Path).ValidateAsync(token)); // another process, same folder
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task The_key_is_created_once_readable_by_its_owner_only_and_signs_for_its_folder_alone()
    {
        var token = Tokens(_data.Path).Issue("alexw@example.com");
        using var other = new TempDirectory();
        var elsewhere = Tokens(other.Path);
        _ = elsewhere.Issue("gradya@example.com"); // a key of its own

        Assert.Null(await elsewhere.ValidateAsync(token));
        var key = Path.Combine(_data.Path, McpDevTokens.KeyFileName);
        var written = await File.ReadAllTextAsync(key);
        _ = Tokens(_data.Path).Issue("gradya@example.com");
        Assert.Equal(written, await File.ReadAllTextAsync(key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public async Task A_tampered_token_or_a_folder_that_never_issued_one_validates_nothing()
    {
        var tokens = Tokens(_data.Path);
        var token = tokens.Issue("alexw@example.com");
        var parts = token.Split('.');
        var forged = string.Join('.', parts[0], Convert.ToBase64String("{\"sub\":\"pattif@example.com\",\"aud\":\"copilotbot-mcp\",\"iss\":\"copilotbot-dev\",\"exp\":9999999999}"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'), parts[2]);
        using var fresh = new TempDirectory();

        Assert.Null(await tokens.ValidateAsync(forged));
        Assert.Null(await tokens.ValidateAsync("not-a-jwt"));
        Assert.Null(await Tokens(fresh.Path).ValidateAsync(token));
        Assert.False(File.Exists(Path.Combine(fresh.Path, McpDevTokens.KeyFileName)), "validating must not create a key");
    }

    private McpDevTokens Tokens(string data) =>
        new(Options.Create(new CopilotOptions { DataDirectory = data }), Options.Create(new McpOptions()), _time);

    public void Dispose() => _data.Dispose();
}
