using System.Security.Claims;
using CopilotBot.Core;
using CopilotBot.Core.Access;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Bot.Mcp;

/// <summary>The one user a stdio server answers for (<c>copilot mcp --stdio --as EMAIL</c>).</summary>
public sealed record McpStdioUser(string Email);

/// <summary>
/// The access scope of whoever called a tool: the user the HTTP request authenticated as, or the stdio server's
/// user. There is no third way in: a call with neither is refused.
/// </summary>
public sealed class McpCaller(PortfolioService portfolio, McpStdioUser? stdioUser = null)
{
    public async Task<AccessScope> ScopeAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        var email = principal?.FindFirstValue(ClaimTypes.Email) ?? stdioUser?.Email
            ?? throw new AccessDeniedException("The MCP call carries no user.");
        return await portfolio.GetScopeAsync(email, cancellationToken).ConfigureAwait(false);
    }
}
