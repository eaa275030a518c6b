using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CopilotBot.IntegrationTests.Mcp;

/// <summary>
/// <c>/mcp</c> driven by the official TypeScript client (npm <c>@modelcontextprotocol/sdk</c>, Streamable HTTP), the
/// client most agent hosts embed: the same tools, access rules, citations and 401.
/// </summary>
public sealed class McpNpmClientTests(McpHost host) : IClassFixture<McpHost>
{
    private const string Folder = "Mcp";

    [NodeModulesFact(Folder)]
    public async Task The_typescript_client_lists_and_calls_the_tools_under_each_users_access_rules()
    {
        var alex = await RunAsync(host.TokenFor(McpHost.Csm),
            Call("get_account_health", "account", McpHost.AlexsAccount),
            Call("draft_renewal_talking_points", "account", McpHost.AlexsAccount),
            Call("get_renewals", "withinDays", 365),
            Call("search_playbooks", "query", "executive sponsor missing"),
            Call("get_account_health", "account", McpHost.GradysAccount));
        var grady = await RunAsync(host.TokenFor(McpHost.OtherTeamsCsm),
            Call("get_account_health", "account", McpHost.AlexsAccount),
            Call("get_account_health", "account", "A-9999"),
            Call("find_accounts", "query", McpHost.GradysAccount));

        Assert.Null(alex["error"]);
        Assert.Equal("copilotbot", (string?)alex["server"]!["name"]);
        Assert.Equal(McpServerTests.ToolNames.Order(), alex["tools"]!.AsArray().Select(t => (string)t!["name"]!).Order());
        Assert.All(alex["tools"]!.AsArray(), t => Assert.True((bool?)t!["readOnly"]));
        Assert.Contains("copilotbot://playbooks/champion-loss.md", alex["resources"]!.AsArray().Select(r => (string?)r));
        var calls = alex["calls"]!.AsArray();
        Assert.All(calls.Take(4), c => Assert.False((bool)c!["isError"]!, (string?)c["text"]));
        var health = JsonNode.Parse((string)calls[0]!["text"]!)!;
        Assert.Equal("red", (string?)health["band"]);
        Assert.NotEmpty(health["citations"]!.AsArray());
        var draft = JsonNode.Parse((string)calls[1]!["text"]!)!;
        Assert.Equal("renewal-talking-points", (string?)draft["kind"]);
        Assert.Contains(draft["citations"]!.AsArray(), c => (string?)c!["type"] == "data" && !string.IsNullOrWhiteSpace((string?)c["excerpt"]));
        Assert.True((bool)calls[4]!["isError"]!);

        var gradysCalls = grady["calls"]!.AsArray();
        Assert.True((bool)gradysCalls[0]!["isError"]!);
        Assert.Equal(((string)gradysCalls[1]!["text"]!).Replace("A-9999", "ID", StringComparison.Ordinal),
            ((string)gradysCalls[0]!["text"]!).Replace(McpHost.AlexsAccount, "ID", StringComparison.Ordinal));
        Assert.Equal(McpHost.GradysAccount, (string?)JsonNode.Parse((string)gradysCalls[2]!["text"]!)!["accounts"]![0]!["accountId"]);
    }

    [NodeModulesFact(Folder)]
    public async Task The_typescript_client_without_a_token_is_refused_with_401()
    {
        var report = await RunAsync(null);

        Assert.Null(report["tools"]);
        Assert.Contains("401", report.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject Call(string name, string argument, object value) => new()
    {
        ["name"] = name,
        ["arguments"] = new JsonObject { [argument] = JsonValue.Create(JsonSerializer.SerializeToElement(value)) },
    };

    private async Task<JsonObject> RunAsync(string? token, params JsonObject[] calls)
    {
        var folder = NodeModulesFactAttribute.Folder(Folder);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "mcp-client.mjs"));
        start.ArgumentList.Add(host.Endpoint.ToString());
        start.ArgumentList.Add(new JsonArray(calls).ToJsonString());
        if (token is not null)
        {
            start.Environment["MCP_TOKEN"] = token;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        Assert.True(process.ExitCode == 0 && text.Length > 0, $"node exited {process.ExitCode}: {await error}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
