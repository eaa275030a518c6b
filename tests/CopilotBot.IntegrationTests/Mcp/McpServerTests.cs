using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CopilotBot.IntegrationTests.Mcp;

/// <summary>
/// <c>/mcp</c> on the real bot host, driven by the official C# MCP client with development tokens: every tool, the
/// playbook resources, each user's access rules, and 401 for a caller who is not a user.
/// </summary>
public sealed partial class McpServerTests(McpHost host) : IClassFixture<McpHost>
{
    public static readonly string[] ToolNames =
    [
        "find_accounts", "get_account_health", "get_portfolio", "get_renewals", "search_playbooks", "ask",
        "draft_remediation_plan", "draft_discovery_questions", "draft_renewal_talking_points", "draft_pre_call_brief", "draft_account_summary", "draft_email",
    ];

    [Fact]
    public async Task Lists_every_tool_read_only_with_a_description_and_the_playbooks_as_resources()
    {
        await using var client = await host.ConnectAsync(host.TokenFor(McpHost.Csm));

        var tools = await client.ListToolsAsync();

        Assert.Equal(ToolNames.Order(), tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, $"{t.Name} is not marked read-only"));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), $"{t.Name} has no description"));
        var resources = await client.ListResourcesAsync();
        var playbooks = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "knowledge", "playbooks"), "*.md");
        Assert.Equal(playbooks.Select(Path.GetFileName).Order(), resources.Select(r => r.Uri["copilotbot://playbooks/".Length..]).Order());
        var championLoss = await client.ReadResourceAsync("copilotbot://playbooks/champion-loss.md");
        var text = Assert.IsType<TextResourceContents>(Assert.Single(championLoss.Contents)).Text;
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "knowledge", "playbooks", "champion-loss.md")), text);
        await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("copilotbot://playbooks/../appsettings.json").AsTask());
    }

    [Fact]
    public async Task Health_lists_its_evidence_each_pointing_at_a_cited_row()
    {
        await using var client = await host.ConnectAsync(host.TokenFor(McpHost.Csm));

        var health = await CallJsonAsync(client, "get_account_health", new() { ["account"] = "contoso pharmaceuticals" });

        Assert.Equal(McpHost.AlexsAccount, (string?)health["accountId"]);
        Assert.Equal("red", (string?)health["band"]);
        Assert.Contains(health["flags"]!.AsArray(), f => (string?)f!["code"] == "champion_left");
        var cited = Ids(health["citations"]!);
        var evidence = health["components"]!.AsArray().Concat(health["flags"]!.AsArray())
            .SelectMany(c => c!["evidence"]!.AsArray()).Select(e => (string)e!["citation"]!).ToList();
        Assert.NotEmpty(evidence);
        Assert.All(evidence, id => Assert.Contains(id, cited));
        var sources = health["citations"]!.AsArray().Select(c => (string)c!["source"]!).ToList();
        Assert.Contains(sources, s => s.StartsWith("usage.csv#A-1002@", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("contacts.csv#", StringComparison.Ordinal));
        Assert.All(health["citations"]!.AsArray(), c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["excerpt"])));
    }

    [Fact]
    public async Task Find_portfolio_and_renewals_filter_the_callers_accounts_and_cite_their_rows()
    {
        await using var client = await host.ConnectAsync(host.TokenFor(McpHost.Csm));

        var found = await CallJsonAsync(client, "find_accounts", new() { ["query"] = "contoso pharma" });
        var red = await CallJsonAsync(client, "get_portfolio", new() { ["band"] = "red" });
        var renewals = await CallJsonAsync(client, "get_renewals", new() { ["withinDays"] = 365 });
        var all = await CallJsonAsync(client, "get_portfolio", []);
        var firstTwo = await CallJsonAsync(client, "get_portfolio", new() { ["limit"] = 2 });

        Assert.Equal(McpHost.AlexsAccount, (string?)found["accounts"]![0]!["accountId"]);
        Assert.Contains(found["citations"]!.AsArray(), c => (string?)c!["source"] == "accounts.csv#A-1002");
        Assert.True((int)red["count"]! > 0);
        Assert.All(red["accounts"]!.AsArray(), a => Assert.Equal("red", (string?)a!["band"]));
        Assert.Equal((int)red["count"]!, (int)red["red"]!);
        var renewing = renewals["accounts"]!.AsArray();
        Assert.NotEmpty(renewing);
        Assert.All(renewing, a => Assert.InRange((int)a!["daysToRenewal"]!, 0, 365));
        Assert.Equal(renewing.Select(a => (string)a!["renewalDate"]!).Order(StringComparer.Ordinal), renewing.Select(a => (string)a!["renewalDate"]!));
        Assert.Equal(2, (int)firstTwo["returned"]!);
        Assert.Equal(Accounts(all).Take(2), Accounts(firstTwo));
        Assert.Equal((int)all["count"]!, (int)firstTwo["count"]!);
        Assert.Equal(all["arrByCurrency"]!.ToJsonString(), firstTwo["arrByCurrency"]!.ToJsonString());
        Assert.True((int)all["count"]! > 2);
        foreach (var list in new[] { found, red, renewals })
        {
            var cited = Ids(list["citations"]!);
            Assert.All(list["accounts"]!.AsArray(), a =>
            {
                Assert.Equal(McpHost.Csm, (string?)a!["csmEmail"]);
                Assert.NotEmpty(a["citations"]!.AsArray());
                Assert.All(a["citations"]!.AsArray(), id => Assert.Contains((string)id!, cited));
            });
        }
    }

    [Fact]
    public async Task Every_draft_kind_is_cited_each_marker_naming_a_listed_source_with_its_excerpt()
    {
        await using var client = await host.ConnectAsync(host.TokenFor(McpHost.Csm));

        foreach (var tool in ToolNames.Where(n => n.StartsWith("draft_", StringComparison.Ordinal)))
        {
            var draft = await CallJsonAsync(client, tool, new() { ["account"] = McpHost.AlexsAccount });

            Assert.Equal(tool["draft_".Length..].Replace('_', '-'), (string?)draft["kind"]);
            Assert.Equal(McpHost.AlexsAccount, (string?)draft["accountId"]);
            Assert.False((bool)draft["refused"]!);
            var citations = draft["citations"]!.AsArray();
            Assert.NotEmpty(citations);
            Assert.All(citations, c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["excerpt"]), $"{tool}: {c}"));
            var markers = CitationMarker().Matches((string)draft["markdown"]!).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.NotEmpty(markers);
            Assert.All(markers, id => Assert.Contains(id, Ids(citations)));
        }

        var plan = await CallJsonAsync(client, "draft_remediation_plan", new() { ["account"] = McpHost.AlexsAccount });
        var types = plan["citations"]!.AsArray().Select(c => (string)c!["type"]!).ToHashSet();
        Assert.Equal(["data", "playbook"], types.Order());
        Assert.Contains(plan["citations"]!.AsArray(), c => ((string)c!["source"]!).StartsWith("playbooks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Playbook_search_and_ask_answer_with_citations()
    {
        await using var client = await host.ConnectAsync(host.TokenFor(McpHost.Csm));

        var search = await CallJsonAsync(client, "search_playbooks", new() { ["query"] = "our champion left the company", ["top"] = 3 });
        var answer = await CallJsonAsync(client, "ask", new() { ["question"] = "what is the health of Contoso Pharmaceuticals?" });

        var passages = search["passages"]!.AsArray();
        Assert.Equal(3, passages.Count);
        Assert.Contains(passages, p => ((string)p!["source"]!).StartsWith("playbooks/champion-loss.md#", StringComparison.Ordinal));
        Assert.All(search["citations"]!.AsArray(), c => Assert.Equal("playbook", (string?)c!["type"]));
        Assert.Equal(passages.Select(p => (string)p!["citation"]!), Ids(search["citations"]!));
        Assert.False(string.IsNullOrWhiteSpace((string?)answer["markdown"]));
        Assert.False((bool)answer["refused"]!);
        Assert.NotEmpty(answer["citations"]!.AsArray());
    }

    [Fact]
    public async Task Each_user_sees_only_their_accounts_and_a_forbidden_account_reads_exactly_like_a_missing_one()
    {
        await using var alex = await host.ConnectAsync(host.TokenFor(McpHost.Csm));
        await using var grady = await host.ConnectAsync(host.TokenFor(McpHost.OtherTeamsCsm));

        var alexs = Accounts(await CallJsonAsync(alex, "get_portfolio", []));
        var gradys = Accounts(await CallJsonAsync(grady, "get_portfolio", []));
        Assert.Contains(McpHost.AlexsAccount, alexs);
        Assert.DoesNotContain(McpHost.GradysAccount, alexs);
        Assert.Contains(McpHost.GradysAccount, gradys);
        Assert.DoesNotContain(McpHost.AlexsAccount, gradys);
        Assert.DoesNotContain(McpHost.AlexsAccount, Accounts(await CallJsonAsync(grady, "find_accounts", new() { ["query"] = "Contoso Pharmaceuticals" })));

        foreach (var (tool, argument) in new[] { ("get_account_health", "account"), ("draft_remediation_plan", "account"), ("draft_account_summary", "account") })
        {
            var forbidden = await CallAsync(grady, tool, argument, McpHost.AlexsAccount);
            var missing = await CallAsync(grady, tool, argument, "A-9999");
            Assert.True(forbidden.IsError, $"{tool} answered Grady about Alex's account");
            Assert.True(missing.IsError);
            Assert.Equal(Text(missing).Replace("A-9999", "ID", StringComparison.Ordinal), Text(forbidden).Replace(McpHost.AlexsAccount, "ID", StringComparison.Ordinal));
            Assert.NotEqual(true, (await CallAsync(alex, tool, argument, McpHost.AlexsAccount)).IsError);
        }

        var othersBook = await grady.CallToolAsync("get_portfolio", new Dictionary<string, object?> { ["owner"] = McpHost.Csm });
        Assert.True(othersBook.IsError);

        static async Task<CallToolResult> CallAsync(McpClient who, string tool, string argument, string value) =>
            await who.CallToolAsync(tool, new Dictionary<string, object?> { [argument] = value });
    }

    [Fact]
    public async Task A_call_without_a_valid_token_of_a_known_user_gets_401()
    {
        using var http = new HttpClient();
        var expired = host.TokenFor(McpHost.Csm, TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        foreach (var token in new string?[] { null, "not-a-jwt", host.TokenFor("nobody@example.com"), expired, host.TokenFor(McpHost.Csm)[..^4] + "AAAA" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint) { Content = new StringContent(InitializeRequest, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => host.ConnectAsync(null));
        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_the_copilot_command_line_opens_mcp_for_that_user()
    {
        var issued = await McpHost.RunCliAsync("mcp", "token", "--as", McpHost.OtherTeamsCsm, "--data", host.Factory.DataDirectory);
        var unknown = await McpHost.RunCliAsync("mcp", "token", "--as", "nobody@example.com", "--data", host.Factory.DataDirectory);

        Assert.True(issued.ExitCode == 0, issued.Error);
        Assert.Equal(4, unknown.ExitCode);
        await using var client = await host.ConnectAsync(issued.Output.Trim());
        var health = await CallJsonAsync(client, "get_account_health", new() { ["account"] = McpHost.GradysAccount });
        Assert.Equal(McpHost.GradysAccount, (string?)health["accountId"]);
        Assert.True((await client.CallToolAsync("get_account_health", new Dictionary<string, object?> { ["account"] = McpHost.AlexsAccount })).IsError);
    }

    [Fact]
    public async Task Stdio_mode_serves_the_same_tools_as_one_user()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "copilot-stdio",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = [McpHost.CliAssembly, "mcp", "--stdio", "--as", McpHost.Csm, "--data", host.Factory.DataDirectory],
            WorkingDirectory = AppContext.BaseDirectory,
            EnvironmentVariables = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development" },
        });
        await using var client = await McpClient.CreateAsync(transport);

        var tools = await client.ListToolsAsync();
        var health = await CallJsonAsync(client, "get_account_health", new() { ["account"] = McpHost.AlexsAccount });
        var draft = await CallJsonAsync(client, "draft_pre_call_brief", new() { ["account"] = McpHost.AlexsAccount });
        var notHis = await client.CallToolAsync("get_account_health", new Dictionary<string, object?> { ["account"] = McpHost.GradysAccount });

        Assert.Equal(ToolNames.Order(), tools.Select(t => t.Name).Order());
        Assert.Equal("red", (string?)health["band"]);
        Assert.NotEmpty(draft["citations"]!.AsArray());
        Assert.True(notHis.IsError);
        Assert.Contains("No account 'A-1012' among yours.", Text(notHis), StringComparison.Ordinal);
    }

    internal const string InitializeRequest =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    internal static async Task<JsonObject> CallJsonAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError is null or false, $"{tool} failed: {Text(result)}");
        return JsonNode.Parse(Text(result))!.AsObject();
    }

    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static List<string> Ids(JsonNode citations) => [.. citations.AsArray().Select(c => c is JsonValue ? (string)c! : (string)c!["id"]!)];

    private static List<string> Accounts(JsonObject list) => [.. list["accounts"]!.AsArray().Select(a => (string)a!["accountId"]!)];

    [GeneratedRegex(@"\[(C\d+)\]")]
    private static partial Regex CitationMarker();
}
