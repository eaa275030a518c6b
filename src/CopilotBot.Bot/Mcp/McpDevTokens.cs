using System.Security.Claims;
using System.Security.Cryptography;
using CopilotBot.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.Bot.Mcp;

/// <summary>
/// Development tokens for <c>/mcp</c>: a short-lived JWT naming one user of users.csv, issued by
/// <c>copilot mcp token --as EMAIL</c> and signed (HMAC-SHA256) with a random key kept in the data folder, which the
/// bot host and the command line share. Accepted only while no app id is configured; with one, Entra issues tokens.
/// </summary>
public sealed class McpDevTokens(IOptions<CopilotOptions> copilot, IOptions<McpOptions> mcp, TimeProvider time)
{
    public const string KeyFileName = "mcp-token.key";
    private const string Issuer = "copilotbot-dev";
    private const string Audience = "copilotbot-mcp";
    private const int KeyBytes = 32;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lock _keyLock = new();
    private SymmetricSecurityKey? _key;

    public string KeyPath => Path.Combine(copilot.Value.DataPath, KeyFileName);

    /// <summary>A token for <paramref name="email"/>, valid for <paramref name="lifetime"/> (default <c>Mcp:DevTokenLifetime</c>).</summary>
    public string Issue(string email, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? mcp.Value.DevTokenLifetime),
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, email)]),
            SigningCredentials = new SigningCredentials(Key(create: true)!, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The e-mail a valid, unexpired token of this data folder names; null for anything else.</summary>
    public async Task<string?> ValidateAsync(string token)
    {
        if (Key(create: false) is not { } key)
        {
            return null; // no token was ever issued for this data folder
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end > time.GetUtcNow().UtcDateTime && (notBefore is not { } start || start <= time.GetUtcNow().UtcDateTime.AddSeconds(30)),
        }).ConfigureAwait(false);
        return result.IsValid && ((JsonWebToken)result.SecurityToken).TryGetClaim(JwtRegisteredClaimNames.Sub, out var sub) ? sub.Value : null;
    }

    private SymmetricSecurityKey? Key(bool create)
    {
        lock (_keyLock)
        {
            if (_key is not null)
            {
                return _key;
            }

            if (File.Exists(KeyPath))
            {
                _key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(KeyPath).Trim()));
            }
            else if (create)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
                var bytes = RandomNumberGenerator.GetBytes(KeyBytes);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                try
                {
                    using var writer = new StreamWriter(KeyPath, options);
                    writer.Write(Convert.ToBase64String(bytes));
                    _key = new SymmetricSecurityKey(bytes);
                }
                catch (IOException) when (File.Exists(KeyPath))
                {
                    // Another process (the bot host, a second CLI) created it first: use theirs.
                    _key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(KeyPath).Trim()));
                }
            }

            return _key;
        }
    }
}
