using System.Security.Claims;
using System.Text.Encodings.Web;
using CopilotBot.Bot.Auth;
using CopilotBot.Bot.Conversation;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Mcp;

/// <summary>
/// Who is calling <c>/mcp</c>: with <c>Bot:MicrosoftAppId</c> set, a user's Entra access token for this app carrying
/// the <c>Mcp:Scope</c> delegated scope, the user found by object id in users.csv as the bot finds Teams users; without it, a development token from
/// <c>copilot mcp token</c>. Anything else (no token, a bad one, a user not in users.csv) is a 401 with a
/// <c>WWW-Authenticate: Bearer</c> challenge.
/// </summary>
internal sealed class McpAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<BotOptions> bot,
    IOptions<McpOptions> mcp,
    InboundAuthenticator entra,
    UserDirectory directory,
    McpDevTokens devTokens,
    PortfolioService portfolio)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "McpBearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The only scheme, so ASP.NET Core makes it the default for every request: /api/messages keeps its own check.
        if (!Request.Path.StartsWithSegments(McpEndpoint.Path))
        {
            return AuthenticateResult.NoResult();
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var user = await FindUserAsync(token, Context.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is invalid, expired or names no user of users.csv.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Email), new Claim(ClaimTypes.Email, user.Email), new Claim(ClaimTypes.Name, user.Name)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // With Entra, the metadata tells clients where to sign the user in (RFC 9728); development tokens come from the CLI.
        Response.Headers.WWWAuthenticate = bot.Value.AuthenticationEnabled
            ? $"Bearer resource_metadata=\"{Request.Scheme}://{Request.Host}{McpEndpoint.ResourceMetadataPath}\""
            : "Bearer realm=\"copilotbot\", error_description=\"run: copilot mcp token --as EMAIL\"";
        return Task.CompletedTask;
    }

    private async Task<User?> FindUserAsync(string token, CancellationToken cancellationToken)
    {
        if (bot.Value.AuthenticationEnabled)
        {
            // The delegated scope is what the user consented to let this client do; a token for another scope of the app is not it.
            var user = await entra.ValidateUserTokenAsync(token, cancellationToken).ConfigureAwait(false);
            return user is not null && user.Scopes.Contains(mcp.Value.Scope, StringComparer.Ordinal)
                ? await directory.FindByObjectIdAsync(user.ObjectId, cancellationToken).ConfigureAwait(false)
                : null;
        }

        var email = await devTokens.ValidateAsync(token).ConfigureAwait(false);
        return email is null ? null : await portfolio.FindUserAsync(email, cancellationToken).ConfigureAwait(false);
    }
}
