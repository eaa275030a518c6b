using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.Bot.Auth;

/// <summary>The keys of one OpenID metadata document, with the channel endorsements each Bot Framework key carries.</summary>
internal sealed record SigningKeys(IReadOnlyList<SecurityKey> Keys, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements)
{
    public IReadOnlyList<string>? EndorsementsOf(string? keyId) =>
        keyId is not null && Endorsements.TryGetValue(keyId, out var list) ? list : null;
}

/// <summary>
/// Reads <c>jwks_uri</c> from the metadata and the raw JWKS, because the standard OpenID retriever drops the
/// <c>endorsements</c> array the Bot Framework puts on each key.
/// </summary>
internal sealed class SigningKeysRetriever : IConfigurationRetriever<SigningKeys>
{
    public async Task<SigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadata = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        string jwksUri;
        using (var document = JsonDocument.Parse(metadata))
        {
            jwksUri = document.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                ? uri.GetString()!
                : throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);
        var keySet = new JsonWebKeySet(jwks) { SkipUnresolvedJsonWebKeys = true };
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(jwks))
        {
            if (document.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
            {
                foreach (var key in keys.EnumerateArray())
                {
                    if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                        && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        endorsements[kid.GetString()!] = [.. list.EnumerateArray()
                            .Where(e => e.ValueKind == JsonValueKind.String)
                            .Select(e => e.GetString()!)];
                    }
                }
            }
        }

        return new SigningKeys([.. keySet.GetSigningKeys()], endorsements);
    }
}
