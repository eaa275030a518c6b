using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CopilotBot.Bot.Auth;

/// <summary>Bearer tokens for the Connector API, or none in local development.</summary>
internal interface IOutboundTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Client-credentials tokens from Entra through MSAL. MSAL keeps the token in its app cache and only goes back to
/// the authority when it is close to expiry, so one instance serves the whole process.
/// </summary>
internal sealed class MsalOutboundTokenProvider : IOutboundTokenProvider
{
    public const string HttpClientName = "bot-token";

    private readonly IConfidentialClientApplication? _app;
    private readonly string[] _scopes;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public MsalOutboundTokenProvider(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory)
    {
        var o = options.Value;
        _scopes = [o.OAuthScope];
        if (!o.AuthenticationEnabled)
        {
            return;
        }

        var tenant = o.IsSingleTenant ? o.MicrosoftAppTenantId! : "botframework.com";
        var authority = $"{o.OAuthAuthorityHost.TrimEnd('/')}/{tenant}";
        var isPublicCloud = new Uri(o.OAuthAuthorityHost).Host.Equals("login.microsoftonline.com", StringComparison.OrdinalIgnoreCase);
        _app = ConfidentialClientApplicationBuilder.Create(o.MicrosoftAppId)
            .WithClientSecret(o.MicrosoftAppPassword)
            .WithAuthority(authority, validateAuthority: isPublicCloud)
            .WithInstanceDiscovery(isPublicCloud)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClientFactory))
            .Build();
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return null;
        }

        // One caller at a time: concurrent turns on a cold cache would each fetch a token otherwise.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}
