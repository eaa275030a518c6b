using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Knowledge.Embeddings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotBot.IntegrationTests.Knowledge;

/// <summary>
/// A local server speaking OpenAI's <c>POST /v1/embeddings</c> (float and base64 encodings). Its vectors come from
/// the offline embedder, so similar texts get similar vectors and search results stay meaningful.
/// </summary>
internal sealed class OpenAIEmbeddingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OfflineEmbeddingGenerator _vectors;

    private OpenAIEmbeddingServer(WebApplication app, OfflineEmbeddingGenerator vectors)
    {
        _app = app;
        _vectors = vectors;
    }

    public ConcurrentQueue<(Dictionary<string, string> Headers, JsonNode Body)> Requests { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1/";

    public float[] VectorFor(string text) => _vectors.Embed(text);

    public static async Task<OpenAIEmbeddingServer> StartAsync(int dimensions = 256)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAIEmbeddingServer(app, new OfflineEmbeddingGenerator(dimensions));
        app.MapPost("/v1/embeddings", (Func<HttpContext, Task<IResult>>)server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        // Copied: the request's own header collection is recycled once the response is sent.
        Requests.Enqueue((context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = inputs.Select((text, index) =>
        {
            var vector = VectorFor(text);
            return new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index,
                ["embedding"] = base64
                    ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                    : new JsonArray(vector.Select(v => (JsonNode)v).ToArray()),
            };
        });
        var tokens = inputs.Sum(i => i.Split(' ').Length);
        return Results.Text(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(data.ToArray<JsonNode>()),
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
