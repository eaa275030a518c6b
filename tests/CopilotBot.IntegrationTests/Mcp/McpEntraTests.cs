using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Mcp;
using CopilotBot.IntegrationTests.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.IntegrationTests.Mcp;

/// <summary>
/// <c>/mcp</c> with an app id configured: a user's Entra access token (signed by the local OpenID stub's key) is
/// mapped to users.csv by object id, as the bot maps Teams users; development tokens no longer open it.
/// </summary>
public sealed class McpEntraTests
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string AlexObjectId = "00000000-0000-0000-0000-0000000000020";

    [Fact]
    public async Task An_entra_token_for_this_app_opens_mcp_as_the_user_its_object_id_names_and_nothing_else_does()
    {
        var (stub, factory, endpoint) = await McpHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "local-test-secret",
        });
        await using var _ = stub;
        await using var __ = factory;

        await using (var alex = await McpHost.ConnectAsync(endpoint, Token(AlexObjectId, $"api://{AppId}")))
        {
            var health = await McpServerTests.CallJsonAsync(alex, "get_account_health", new() { ["account"] = McpHost.AlexsAccount });
            Assert.Equal(McpHost.AlexsAccount, (string?)health["accountId"]);
            Assert.True((await alex.CallToolAsync("get_account_health", new Dictionary<string, object?> { ["account"] = McpHost.GradysAccount })).IsError);
        }

        await using (var byAppId = await McpHost.ConnectAsync(endpoint, Token(AlexObjectId, AppId)))
        {
            Assert.NotEmpty(await byAppId.ListToolsAsync());
        }

        using var http = new HttpClient();
        var devToken = factory.Services.GetRequiredService<McpDevTokens>().Issue(McpHost.Csm);
        foreach (var token in new[]
        {
            Token("99999999-0000-0000-0000-000000000000", $"api://{AppId}"), // not in users.csv
            Token(AlexObjectId, "api://another-app"),
            Token(AlexObjectId, $"api://{AppId}", key: new TestKey("entra-1")), // right key id, wrong key
            Token(AlexObjectId, $"api://{AppId}", expires: DateTime.UtcNow.AddMinutes(-10)),
            Token(AlexObjectId, $"api://{AppId}", scope: "another_scope"),
            Token(AlexObjectId, $"api://{AppId}", tenant: "d6d49420-f39b-4df7-a1dc-d59a935871db", tenantClaim: Tenant), // issuer of another tenant than its tid
            devToken,
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(McpServerTests.InitializeRequest, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains($"resource_metadata=\"{new Uri(endpoint, McpEndpoint.ResourceMetadataPath)}\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var metadata = await http.GetFromJsonAsync<JsonObject>(new Uri(endpoint, McpEndpoint.ResourceMetadataPath));
        Assert.Equal(endpoint.ToString(), (string?)metadata!["resource"]);
        Assert.Equal($"{stub.HttpsBase.TrimEnd('/')}/organizations/v2.0", (string?)metadata["authorization_servers"]![0]); // Bot:OAuthAuthorityHost is the stub
        Assert.Equal($"api://{AppId}/access_as_user", (string?)metadata["scopes_supported"]![0]);
    }

    private static string Token(string objectId, string audience, TestKey? key = null, DateTime? expires = null,
        string scope = "access_as_user", string tenant = Tenant, string? tenantClaim = null)
    {
        var end = expires ?? DateTime.UtcNow.AddMinutes(30);
        var issued = end.AddMinutes(-60);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"https://login.microsoftonline.com/{tenant}/v2.0",
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = end,
            Subject = new ClaimsIdentity([new Claim("ver", "2.0"), new Claim("tid", tenantClaim ?? tenant), new Claim("oid", objectId), new Claim("scp", scope)]),
            SigningCredentials = new SigningCredentials((key ?? TestKeys.EntraKey).Key, SecurityAlgorithms.RsaSha256),
        });
    }
}
