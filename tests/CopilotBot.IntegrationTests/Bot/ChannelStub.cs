using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>A Connector API call the bot made.</summary>
public sealed record ConnectorCall(string Method, string RawTarget, string? Authorization, JsonObject Body)
{
    public string? Type => (string?)Body["type"];

    public string? Text => (string?)Body["text"];

    public JsonObject? Card => Body["attachments"]?[0]?["content"] as JsonObject;

    public JsonObject? StreamInfo => Body["entities"]?.AsArray().OfType<JsonObject>().FirstOrDefault(e => (string?)e["type"] == "streaminfo");
}

/// <summary>
/// What a channel looks like from the bot, on 127.0.0.1: the Connector API (recording every call), OpenID metadata
/// with locally generated RSA keys (Bot Framework keys carry endorsements), and over HTTPS a client-credentials token
/// endpoint for MSAL.
/// </summary>
public sealed class ChannelStub : IAsyncDisposable
{
    public const string ConnectorPrefix = "/_connector";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _nextId = 1000;
    private int _tokenRequests;

    public ChannelStub()
    {
        Certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(Certificate));
        });
        _app = builder.Build();
        _app.MapMethods(ConnectorPrefix + "/v3/conversations/{**rest}", ["POST", "PUT", "DELETE"], (Func<HttpContext, Task<IResult>>)ConnectorAsync);
        _app.MapGet("/openid/{name}/metadata", (string name) => Results.Json(new JsonObject
        {
            ["issuer"] = name == "botframework" ? "https://api.botframework.com" : "https://login.microsoftonline.com/common/v2.0",
            ["jwks_uri"] = $"{HttpBase}/openid/{name}/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        _app.MapGet("/openid/{name}/keys", (string name) => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray([.. (name == "botframework" ? TestKeys.BotFramework : TestKeys.Entra).Select(k => (JsonNode)k.ToJwk())]),
        }));
        _app.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant, HttpRequest request) =>
        {
            var n = Interlocked.Increment(ref _tokenRequests);
            LastTokenTenant = tenant;
            return Results.Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = $"outbound-token-{n}" });
        });
    }

    public X509Certificate2 Certificate { get; }

    public string HttpBase { get; private set; } = string.Empty;

    public string HttpsBase { get; private set; } = string.Empty;

    public string ServiceUrl => HttpBase + ConnectorPrefix;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public string? LastTokenTenant { get; private set; }

    public int TokenLifetimeSeconds { get; set; } = 3600;

    public IReadOnlyList<ConnectorCall> Calls => [.. _calls];

    /// <summary>When set, the connector answers every call with this status (429, 403...).</summary>
    public HttpStatusCode? FailWith { get; set; }

    public static async Task<ChannelStub> StartAsync()
    {
        var stub = new ChannelStub();
        await stub._app.StartAsync();
        var addresses = stub._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        stub.HttpBase = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        stub.HttpsBase = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
        return stub;
    }

    /// <summary>Waits until the recorded calls satisfy the condition; returns them.</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForAsync(Func<IReadOnlyList<ConnectorCall>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var calls = Calls;
            if (condition(calls))
            {
                return calls;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The connector stub did not receive the expected calls. Got:\n"
                    + string.Join("\n", calls.Select(c => $"{c.Method} {c.RawTarget} {c.Body.ToJsonString()}")));
            }

            await _signal.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for the first non-typing message, the usual "the bot answered".</summary>
    public async Task<ConnectorCall> WaitForMessageAsync(Func<ConnectorCall, bool>? match = null, TimeSpan? timeout = null)
    {
        var calls = await WaitForAsync(cs => cs.Any(c => c.Type == "message" && (match?.Invoke(c) ?? true)), timeout);
        return calls.First(c => c.Type == "message" && (match?.Invoke(c) ?? true));
    }

    public void Clear() => _calls.Clear();

    private async Task<IResult> ConnectorAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        var call = new ConnectorCall(
            http.Request.Method,
            http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            http.Request.Headers.Authorization.FirstOrDefault(),
            body);
        _calls.Enqueue(call);
        _signal.Release();
        if (FailWith is { } status)
        {
            return Results.Json(new { error = new { code = "Stubbed", message = "stubbed failure" } }, statusCode: (int)status);
        }

        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var isPlainTyping = call.Type == "typing" && call.StreamInfo is null;
        return isPlainTyping
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : Results.Json(new { id }, statusCode: http.Request.Method == "PUT" ? 200 : 201);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}

/// <summary>A locally generated signing key as a channel would publish it.</summary>
public sealed class TestKey(string keyId, params string[] endorsements)
{
    public RsaSecurityKey Key { get; } = new(RSA.Create(2048)) { KeyId = keyId };

    public string KeyId => keyId;

    public JsonObject ToJwk()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.Rsa.ExportParameters(false)) { KeyId = keyId });
        var node = JsonSerializer.SerializeToNode(new { kty = "RSA", use = "sig", kid = keyId, n = jwk.N, e = jwk.E })!.AsObject();
        if (endorsements.Length > 0)
        {
            node["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
        }

        return node;
    }
}

public static class TestKeys
{
    public static readonly TestKey Channel = new("bf-channel", "msteams", "webchat", "directline");
    public static readonly TestKey WebChatOnly = new("bf-webchat", "webchat");
    public static readonly TestKey NoEndorsements = new("bf-bare");
    public static readonly TestKey EntraKey = new("entra-1");

    /// <summary>Never published; signs tokens that claim a published key id.</summary>
    public static readonly TestKey Rogue = new("bf-channel");

    public static readonly TestKey[] BotFramework = [Channel, WebChatOnly, NoEndorsements];
    public static readonly TestKey[] Entra = [EntraKey];
}
