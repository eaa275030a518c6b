using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.DirectLine;

/// <summary>
/// Direct Line tokens: JWTs signed with a key that lives as long as the process. They are JWTs because Web Chat
/// reads the <c>user</c> claim to know which side of the transcript is "me"; the signature keeps one page from
/// reading or writing another page's conversation.
/// </summary>
internal sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider timeProvider)
{
    private static readonly byte[] _header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public int LifetimeSeconds => options.Value.TokenLifetimeSeconds;

    public string Issue(string conversationId, string userId, string? userName)
    {
        var claims = new TokenClaims(conversationId, userId, userName,
            timeProvider.GetUtcNow().ToUnixTimeSeconds() + LifetimeSeconds);
        var signingInput = $"{Base64Url.EncodeToString(_header)}.{Base64Url.EncodeToString(
            JsonSerializer.SerializeToUtf8Bytes(claims, DirectLineJson.Options))}";
        return $"{signingInput}.{Base64Url.EncodeToString(Sign(signingInput))}";
    }

    /// <summary>The token's claims when the signature holds; <paramref name="expired"/> tells the two failures apart.</summary>
    public TokenClaims? Read(string? token, out bool expired)
    {
        expired = false;
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        var signingInput = $"{parts[0]}.{parts[1]}";
        byte[] signature;
        TokenClaims? claims;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            claims = JsonSerializer.Deserialize<TokenClaims>(Base64Url.DecodeFromChars(parts[1]), DirectLineJson.Options);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }

        if (claims is null || !CryptographicOperations.FixedTimeEquals(signature, Sign(signingInput)))
        {
            return null;
        }

        expired = claims.Exp <= timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return expired ? null : claims;
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(signingInput));

    internal sealed record TokenClaims(
        [property: JsonPropertyName("conv")] string Conversation,
        [property: JsonPropertyName("user")] string User,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("exp")] long Exp);
}
