using CopilotBot.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace CopilotBot.Bot.Mcp;

/// <summary>
/// The copilot as an MCP server: the same tools and playbook resources over Streamable HTTP at <c>/mcp</c> on the bot
/// host, and over stdio from <c>copilot mcp --stdio</c>.
/// </summary>
public static class McpEndpoint
{
    public const string Path = "/mcp";
    public const string ResourceMetadataPath = "/.well-known/oauth-protected-resource";

    /// <summary>The server, its tools and resources, without a transport (the host adds HTTP, the CLI stdio).</summary>
    public static IMcpServerBuilder AddCopilotMcpServer(this IServiceCollection services)
    {
        services.AddOptions<McpOptions>()
            .BindConfiguration(McpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<McpDevTokens>();
        services.TryAddSingleton<McpCaller>();
        services.TryAddSingleton<PlaybookResources>();
        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "copilotbot", Title = "CopilotBot customer-success copilot", Version = "1.0.0" };
                options.ServerInstructions = "Read-only customer-success data for the signed-in user: account health with evidence, portfolio, "
                    + "renewals, cited drafts and playbooks. Every result lists citations (id, source, excerpt): show them with the facts.";
            })
            .WithTools<CopilotMcpTools>()
            .WithTools(CopilotMcpTools.DraftTools())
            .WithListResourcesHandler((context, _) => ValueTask.FromResult(context.Services!.GetRequiredService<PlaybookResources>().List()))
            .WithReadResourceHandler(async (context, cancellationToken) =>
                await context.Services!.GetRequiredService<PlaybookResources>().ReadAsync(context.Params!.Uri, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The HTTP endpoint: stateless (any bot instance answers any call) and authenticated per request.</summary>
    public static IServiceCollection AddMcp(this IServiceCollection services)
    {
        services.AddCopilotMcpServer().WithHttpTransport(options => options.Stateless = true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, McpAuthenticationHandler>(McpAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Maps <c>/mcp</c> for authenticated users only and, with Entra, the protected resource metadata (RFC 9728) that
    /// tells MCP clients which authority and scope to sign the user in with.
    /// </summary>
    public static WebApplication MapCopilotMcp(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<McpOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapMcp(Path).RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(McpAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());

        var bot = app.Services.GetRequiredService<IOptions<BotOptions>>().Value;
        if (bot.AuthenticationEnabled)
        {
            var scope = app.Services.GetRequiredService<IOptions<McpOptions>>().Value.Scope;
            var tenant = string.IsNullOrWhiteSpace(bot.MicrosoftAppTenantId) ? "organizations" : bot.MicrosoftAppTenantId;
            app.MapGet(ResourceMetadataPath, (HttpRequest request) => Results.Json(new Dictionary<string, object>
            {
                ["resource"] = $"{request.Scheme}://{request.Host}{Path}",
                ["authorization_servers"] = new[] { $"{bot.OAuthAuthorityHost.TrimEnd('/')}/{tenant}/v2.0" },
                ["scopes_supported"] = new[] { $"api://{bot.MicrosoftAppId}/{scope}" },
                ["bearer_methods_supported"] = new[] { "header" },
                ["resource_name"] = "CopilotBot",
            })).AllowAnonymous();
        }

        return app;
    }
}
