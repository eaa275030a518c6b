using CopilotBot.Bot.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.Bot.Auth;

internal enum AuthOutcome { Allowed, Unauthorized, Forbidden }

/// <summary>A user a validated Entra access token names: object id and the delegated scopes granted to the client.</summary>
internal sealed record EntraUser(string ObjectId, IReadOnlyList<string> Scopes);

internal sealed record AuthResult(AuthOutcome Outcome, string Reason)
{
    public static readonly AuthResult Anonymous = new(AuthOutcome.Allowed, "authentication disabled (no app id)");
}

/// <summary>
/// Validates the channel's JWT the way the Bot Framework SDK does: issuer routes the token to the Bot Framework or the
/// Entra key set; audience is the app id; 5 min skew; RS256/384/512; and for channel tokens the <c>serviceurl</c>
/// claim must match the activity and the signing key must be endorsed for the activity's channel.
/// </summary>
internal sealed class InboundAuthenticator
{
    public const string HttpClientName = "bot-openid";

    private static readonly string[] s_entraTenants =
    [
        "d6d49420-f39b-4df7-a1dc-d59a935871db", // Bot Framework emulator tenant
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a", // Microsoft services tenant
        "69e9b82d-4842-4902-8d1e-abc5b98a55e8", // Agents channels
    ];

    private readonly BotOptions _options;
    private readonly ConfigurationManager<SigningKeys> _botFrameworkKeys;
    private readonly ConfigurationManager<SigningKeys> _entraKeys;
    private readonly JsonWebTokenHandler _handler = new();

    public InboundAuthenticator(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory)
    {
        _options = options.Value;
        _botFrameworkKeys = CreateManager(_options.BotFrameworkOpenIdMetadataUrl, httpClientFactory);
        _entraKeys = CreateManager(_options.EntraOpenIdMetadataUrl, httpClientFactory);
    }

    public async Task<AuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        // Dev mode ignores any header entirely: some local tools send unverifiable dummy tokens.
        if (!_options.AuthenticationEnabled)
        {
            return AuthResult.Anonymous;
        }

        if (string.IsNullOrEmpty(authorizationHeader)
            || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new AuthResult(AuthOutcome.Unauthorized, "missing bearer token");
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        JsonWebToken unvalidated;
        try
        {
            unvalidated = _handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return new AuthResult(AuthOutcome.Unauthorized, "malformed token");
        }

        var isChannelToken = string.Equals(unvalidated.Issuer, _options.BotFrameworkIssuer, StringComparison.Ordinal);
        var manager = isChannelToken ? _botFrameworkKeys : _entraKeys;
        var issuers = isChannelToken ? [_options.BotFrameworkIssuer] : EntraIssuers(unvalidated);
        if (!isChannelToken && !issuers.Contains(unvalidated.Issuer, StringComparer.Ordinal))
        {
            return new AuthResult(AuthOutcome.Unauthorized, $"untrusted issuer {unvalidated.Issuer}");
        }

        var (result, keys) = await ValidateAsync(raw, manager, issuers, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return new AuthResult(AuthOutcome.Unauthorized, result.Exception?.Message ?? "invalid token");
        }

        var token = (JsonWebToken)result.SecurityToken;
        var serviceUrlClaim = token.TryGetClaim("serviceurl", out var claim) ? claim.Value : null;
        if (isChannelToken || serviceUrlClaim is not null)
        {
            if (!string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            {
                return new AuthResult(AuthOutcome.Unauthorized, "serviceurl claim mismatch");
            }
        }

        if (isChannelToken)
        {
            var endorsements = keys.EndorsementsOf(token.Kid);
            if (endorsements is null)
            {
                return new AuthResult(AuthOutcome.Unauthorized, "could not validate endorsement key");
            }

            if (!endorsements.Contains(activity.ChannelId ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                return new AuthResult(AuthOutcome.Forbidden, $"key not endorsed for channel {activity.ChannelId}");
            }
        }
        else if (!IsOwnAppToken(token) && !IsAgentsChannelToken(token))
        {
            return new AuthResult(AuthOutcome.Unauthorized, "appid/azp claim is not this bot");
        }

        return new AuthResult(AuthOutcome.Allowed, isChannelToken ? "channel token" : "entra token");
    }

    /// <summary>
    /// A user's Entra access token for this app (MCP clients, Copilot Studio): signature against the Entra keys, an
    /// issuer of the token's own tenant (of the configured one, for a single-tenant app), the app id or its
    /// <c>api://</c> URI as audience, and a lifetime. Returns the user's object id (<c>oid</c>) and delegated scopes
    /// (<c>scp</c>), or null when any of that fails or the token names no user.
    /// </summary>
    public async Task<EntraUser?> ValidateUserTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!_options.AuthenticationEnabled)
        {
            return null;
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Unlike channel tokens, a user's token comes from the user's own tenant, never from a Bot Framework service tenant.
        var tenant = _options.IsSingleTenant ? _options.MicrosoftAppTenantId
            : unvalidated.TryGetClaim("tid", out var tid) ? tid.Value : null;
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return null;
        }

        string[] issuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
        var (result, _) = await ValidateAsync(token, _entraKeys, issuers, cancellationToken, [_options.MicrosoftAppId!, $"api://{_options.MicrosoftAppId}"]).ConfigureAwait(false);
        if (!result.IsValid || !((JsonWebToken)result.SecurityToken).TryGetClaim("oid", out var oid) || string.IsNullOrWhiteSpace(oid.Value))
        {
            return null;
        }

        var scopes = ((JsonWebToken)result.SecurityToken).TryGetClaim("scp", out var scp) ? scp.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        return new EntraUser(oid.Value, scopes);
    }

    private async Task<(TokenValidationResult Result, SigningKeys Keys)> ValidateAsync(
        string raw, ConfigurationManager<SigningKeys> manager, string[] issuers, CancellationToken cancellationToken, string[]? audiences = null)
    {
        audiences ??= [_options.MicrosoftAppId!];
        var keys = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await _handler.ValidateTokenAsync(raw, Parameters(keys, issuers, audiences)).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: refetch once (the manager rate-limits refreshes) before refusing.
            manager.RequestRefresh();
            keys = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            result = await _handler.ValidateTokenAsync(raw, Parameters(keys, issuers, audiences)).ConfigureAwait(false);
        }

        return (result, keys);
    }

    private static TokenValidationParameters Parameters(SigningKeys keys, string[] issuers, string[] audiences) => new()
    {
        ValidIssuers = issuers,
        ValidAudiences = audiences,
        IssuerSigningKeys = keys.Keys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        ClockSkew = TimeSpan.FromMinutes(5),
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
    };

    private string[] EntraIssuers(JsonWebToken token)
    {
        var tenants = new List<string>(s_entraTenants);
        if (!string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
        {
            tenants.Add(_options.MicrosoftAppTenantId);
        }

        if (token.TryGetClaim("tid", out var tid) && !string.IsNullOrWhiteSpace(tid.Value))
        {
            tenants.Add(tid.Value);
        }

        return [.. tenants.Distinct().SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" })];
    }

    // Emulator-style tokens are obtained with the bot's own credentials: v1 carries appid, v2 azp.
    private bool IsOwnAppToken(JsonWebToken token)
    {
        var claimName = token.TryGetClaim("ver", out var ver) && ver.Value == "2.0" ? "azp" : "appid";
        return token.TryGetClaim(claimName, out var appId)
            && string.Equals(appId.Value, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAgentsChannelToken(JsonWebToken token) =>
        token.Issuer.Contains(s_entraTenants[2], StringComparison.Ordinal);

    private static ConfigurationManager<SigningKeys> CreateManager(string metadataUrl, IHttpClientFactory httpClientFactory)
    {
        var uri = new Uri(metadataUrl);
        var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName))
        {
            // Only loopback metadata (tests, local emulators) may be plain HTTP.
            RequireHttps = !uri.IsLoopback,
        };
        return new ConfigurationManager<SigningKeys>(metadataUrl, new SigningKeysRetriever(), documents)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = TimeSpan.FromMinutes(5),
        };
    }
}
