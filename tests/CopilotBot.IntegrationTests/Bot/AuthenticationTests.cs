using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Conversation;
using CopilotBot.Bot.DirectLine;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>
/// Inbound JWT validation against a local OpenID metadata endpoint with locally generated keys, and outbound tokens
/// from a local client-credentials endpoint through MSAL. No internet.
/// </summary>
public sealed class AuthenticationTests
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string BotFrameworkIssuer = "https://api.botframework.com";
    private const string EmulatorIssuerV2 = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0";

    private static Dictionary<string, string?> AuthOn(string type = "MultiTenant", string? tenant = null) => new()
    {
        ["Bot:MicrosoftAppId"] = AppId,
        ["Bot:MicrosoftAppPassword"] = "local-test-secret",
        ["Bot:MicrosoftAppType"] = type,
        ["Bot:MicrosoftAppTenantId"] = tenant,
    };

    [Fact]
    public async Task Valid_channel_token_is_accepted_and_the_reply_carries_an_outbound_token()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = Message(host);

        using var response = await host.PostAsync(activity, ChannelToken(host, activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Equal("Bearer outbound-token-1", reply.Authorization);
        Assert.Equal("botframework.com", host.Stub.LastTokenTenant);
    }

    [Fact]
    public async Task Outbound_token_is_cached_across_replies()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        for (var i = 0; i < 3; i++)
        {
            var activity = Message(host);
            using var response = await host.PostAsync(activity, ChannelToken(host, activity));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var calls = await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") == 3);
        Assert.All(calls, c => Assert.Equal("Bearer outbound-token-1", c.Authorization));
        Assert.Equal(1, host.Stub.TokenRequests);
    }

    [Fact]
    public async Task Outbound_token_close_to_expiry_is_renewed()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        host.Stub.TokenLifetimeSeconds = 120; // inside MSAL's five-minute renewal margin
        for (var i = 0; i < 2; i++)
        {
            var activity = Message(host);
            await host.PostAsync(activity, ChannelToken(host, activity));
            await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") == i + 1);
        }

        Assert.Equal(2, host.Stub.TokenRequests);
    }

    [Fact]
    public async Task Single_tenant_bot_gets_its_tokens_from_its_own_tenant()
    {
        const string Tenant = "99999999-8888-7777-6666-555555555555";
        await using var host = await BotHost.StartAsync(AuthOn("SingleTenant", Tenant));
        var activity = Message(host);

        await host.PostAsync(activity, ChannelToken(host, activity));

        await host.Stub.WaitForMessageAsync();
        Assert.Equal(Tenant, host.Stub.LastTokenTenant);
    }

    [Fact]
    public async Task Entra_issued_token_for_this_app_is_accepted()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = Message(host);
        var token = CreateToken(TestKeys.EntraKey, EmulatorIssuerV2, AppId, DateTime.UtcNow.AddMinutes(30),
            new Claim("ver", "2.0"), new Claim("azp", AppId));

        using var response = await host.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Entra_token_obtained_by_another_app_is_refused()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = Message(host);
        var token = CreateToken(TestKeys.EntraKey, EmulatorIssuerV2, AppId, DateTime.UtcNow.AddMinutes(30),
            new Claim("ver", "2.0"), new Claim("azp", "someone-else"));

        using var response = await host.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, HttpStatusCode> Rejections => new()
    {
        { "missing", HttpStatusCode.Unauthorized },
        { "not a jwt", HttpStatusCode.Unauthorized },
        { "bad issuer", HttpStatusCode.Unauthorized },
        { "bad audience", HttpStatusCode.Unauthorized },
        { "expired beyond skew", HttpStatusCode.Unauthorized },
        { "wrong key", HttpStatusCode.Unauthorized },
        { "unknown key", HttpStatusCode.Unauthorized },
        { "serviceurl mismatch", HttpStatusCode.Unauthorized },
        { "no serviceurl claim", HttpStatusCode.Unauthorized },
        { "key without endorsements", HttpStatusCode.Unauthorized },
        { "key not endorsed for channel", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Bad_tokens_are_rejected_and_nothing_runs(string @case, HttpStatusCode expected)
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = Message(host);
        var serviceUrl = (string)activity["serviceUrl"]!;
        var inAnHour = DateTime.UtcNow.AddHours(1);
        string? token = @case switch
        {
            "missing" => null,
            "not a jwt" => "abc.def",
            "bad issuer" => CreateToken(TestKeys.Channel, "https://evil.example", AppId, inAnHour, new Claim("serviceurl", serviceUrl)),
            "bad audience" => CreateToken(TestKeys.Channel, BotFrameworkIssuer, "another-app", inAnHour, new Claim("serviceurl", serviceUrl)),
            "expired beyond skew" => CreateToken(TestKeys.Channel, BotFrameworkIssuer, AppId, DateTime.UtcNow.AddMinutes(-6), new Claim("serviceurl", serviceUrl)),
            "wrong key" => CreateToken(TestKeys.Rogue, BotFrameworkIssuer, AppId, inAnHour, new Claim("serviceurl", serviceUrl)),
            "unknown key" => CreateToken(new TestKey("never-published"), BotFrameworkIssuer, AppId, inAnHour, new Claim("serviceurl", serviceUrl)),
            "serviceurl mismatch" => CreateToken(TestKeys.Channel, BotFrameworkIssuer, AppId, inAnHour, new Claim("serviceurl", "https://smba.trafficmanager.net/amer/")),
            "no serviceurl claim" => CreateToken(TestKeys.Channel, BotFrameworkIssuer, AppId, inAnHour),
            "key without endorsements" => CreateToken(TestKeys.NoEndorsements, BotFrameworkIssuer, AppId, inAnHour, new Claim("serviceurl", serviceUrl)),
            "key not endorsed for channel" => CreateToken(TestKeys.WebChatOnly, BotFrameworkIssuer, AppId, inAnHour, new Claim("serviceurl", serviceUrl)),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        using var response = await host.PostAsync(activity, token);

        Assert.Equal(expected, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(host.Stub.Calls);
        Assert.Empty(host.Copilot.AskRequests);
    }

    [Fact]
    public async Task Token_expired_within_the_five_minute_skew_is_still_accepted()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = Message(host);
        var token = CreateToken(TestKeys.Channel, BotFrameworkIssuer, AppId, DateTime.UtcNow.AddMinutes(-3),
            new Claim("serviceurl", (string)activity["serviceUrl"]!));

        using var response = await host.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_app_id_requests_are_accepted_even_with_an_unverifiable_header()
    {
        await using var host = await BotHost.StartAsync();
        var activity = Message(host);

        using var response = await host.PostAsync(activity, "eyJhbGciOiJIUzI1NiJ9.eyJzZXJ2aWNldXJsIjoieCJ9.c2ln");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Null(reply.Authorization);
        Assert.Equal(0, host.Stub.TokenRequests);
    }

    [Fact]
    public async Task Item1_forged_direct_line_identity_is_refused_with_authentication_on()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = WebChatMessage(host, SampleData.BobEmail);

        using var response = await host.PostAsync(activity, ChannelToken(host, activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Contains("couldn't find you", reply.Text, StringComparison.Ordinal);
        Assert.Empty(host.Copilot.AskRequests);
    }

    [Fact]
    public async Task Item1_direct_line_identity_bound_by_a_signed_token_of_another_user_or_conversation_is_refused()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var tokens = host.Factory.Services.GetRequiredService<DirectLineTokens>();
        var otherUser = WebChatMessage(host, SampleData.BobEmail);
        otherUser["channelData"] = new JsonObject { [UserDirectory.UserTokenProperty] = tokens.Issue((string)otherUser["conversation"]!["id"]!, SampleData.AlexEmail, null) };
        var otherConversation = WebChatMessage(host, SampleData.BobEmail);
        otherConversation["channelData"] = new JsonObject { [UserDirectory.UserTokenProperty] = tokens.Issue("another-conversation", SampleData.BobEmail, null) };

        foreach (var activity in new[] { otherUser, otherConversation })
        {
            using var response = await host.PostAsync(activity, ChannelToken(host, activity));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var replies = await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") == 2);
        Assert.All(replies.Where(c => c.Type == "message"), r => Assert.Contains("couldn't find you", r.Text, StringComparison.Ordinal));
        Assert.Empty(host.Copilot.AskRequests);
    }

    [Fact]
    public async Task Item1_direct_line_identity_bound_by_a_signed_token_is_answered()
    {
        await using var host = await BotHost.StartAsync(AuthOn());
        var activity = WebChatMessage(host, SampleData.BobEmail);
        var tokens = host.Factory.Services.GetRequiredService<DirectLineTokens>();
        activity["channelData"] = new JsonObject { [UserDirectory.UserTokenProperty] = tokens.Issue((string)activity["conversation"]!["id"]!, SampleData.BobEmail, "Bob") };

        using var response = await host.PostAsync(activity, ChannelToken(host, activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Stub.WaitForMessageAsync();
        var asked = Assert.Single(host.Copilot.AskRequests);
        Assert.Equal(SampleData.BobEmail, asked.UserEmail);
    }

    private static JsonObject WebChatMessage(BotHost host, string fromId)
    {
        var activity = host.Activity("playground-webchat-message");
        activity["channelId"] = "webchat";
        activity["from"] = new JsonObject { ["id"] = fromId, ["name"] = "Someone" };
        activity["text"] = "show my portfolio";
        activity.Remove("channelData");
        return activity;
    }

    private static JsonObject Message(BotHost host)
    {
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "help";
        return activity;
    }

    private static string ChannelToken(BotHost host, JsonObject activity) =>
        CreateToken(TestKeys.Channel, BotFrameworkIssuer, AppId, DateTime.UtcNow.AddMinutes(30),
            new Claim("serviceurl", (string)activity["serviceUrl"]!));

    private static string CreateToken(TestKey key, string issuer, string audience, DateTime expires, params Claim[] claims)
    {
        var issued = expires.AddMinutes(-60);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
    }
}
