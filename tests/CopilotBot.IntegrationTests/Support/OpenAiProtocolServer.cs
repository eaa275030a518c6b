using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotBot.IntegrationTests.Support;

/// <summary>
/// A local stand-in for OpenAI and Azure OpenAI (Kestrel on 127.0.0.1, a free port) speaking the chat-completions
/// protocol, streamed (SSE) or not, and <c>/v1/embeddings</c>. Tests script the replies in order (text, tool calls,
/// HTTP errors, delays) and read back every request received.
/// <code>
/// await using var server = await OpenAiProtocolServer.StartAsync();
/// server.EnqueueToolCall("health-get_health", new { account = "A-100" }).EnqueueText(req => "...");
/// // point a client at server.BaseUri (OpenAI) or server.AzureBaseUri (Azure's v1 path)
/// Assert.Contains("\"score\"", server.Requests[1].ToolResults().Single());
/// </code>
/// With nothing scripted, chat requests get <see cref="DefaultText"/>.
/// </summary>
public sealed class OpenAiProtocolServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();

    private OpenAiProtocolServer(WebApplication app) => _app = app;

    /// <summary>Base address for an OpenAI client: <c>http://127.0.0.1:PORT/v1/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Base address shaped like Azure OpenAI's v1 endpoint: <c>http://127.0.0.1:PORT/openai/v1/</c>.</summary>
    public Uri AzureBaseUri { get; private set; } = null!;

    /// <summary>The address of an Azure OpenAI resource: chat goes to <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c>.</summary>
    public Uri AzureResourceUri { get; private set; } = null!;

    /// <summary>
    /// Answers chat requests the script does not cover the way a model would: by reading the question, the conversation
    /// and the tools offered (see <see cref="ReadingModel"/>); null (the default) for <see cref="DefaultText"/>.
    /// </summary>
    public ReadingModel? Model { get; set; }

    /// <summary>Reply when the script is empty.</summary>
    public string DefaultText { get; set; } = "{}";

    /// <summary>Length of embedding vectors when the request does not ask for <c>dimensions</c>.</summary>
    public int EmbeddingDimensions { get; set; } = 64;

    /// <summary>How <c>/v1/embeddings</c> turns a text into a vector of the given size; hashed words by default.</summary>
    public Func<string, int, float[]> Embedder { get; set; } = Embed;

    /// <summary>Every request received, in order, including failed and embedding ones.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Only the chat-completions requests.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => [.. Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    public static async Task<OpenAiProtocolServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAiProtocolServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/openai/v1/chat/completions", server.ChatAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapPost("/openai/v1/embeddings", server.EmbeddingsAsync);
        app.MapPost("/openai/deployments/{deployment}/embeddings", server.EmbeddingsAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.BaseUri = new Uri(address, "/v1/");
        server.AzureBaseUri = new Uri(address, "/openai/v1/");
        server.AzureResourceUri = new Uri(address, "/");
        return server;
    }

    /// <summary>Replies with assistant text (streamed in pieces when the client streams).</summary>
    public OpenAiProtocolServer EnqueueText(string text) => Enqueue(new ScriptedReply { Text = _ => text });

    /// <summary>Replies with text computed from the request, e.g. citing ids found in its evidence.</summary>
    public OpenAiProtocolServer EnqueueText(Func<RecordedRequest, string> text) => Enqueue(new ScriptedReply { Text = text });

    /// <summary>Replies with one or more tool calls; <paramref name="name"/> is the full name, e.g. <c>health-get_health</c>.</summary>
    public OpenAiProtocolServer EnqueueToolCall(string name, object arguments) =>
        Enqueue(new ScriptedReply { ToolCalls = [(name, JsonSerializer.Serialize(arguments))] });

    /// <summary>Fails with an HTTP status, optionally with a <c>Retry-After</c> header in seconds.</summary>
    public OpenAiProtocolServer EnqueueError(HttpStatusCode status, int? retryAfterSeconds = null) =>
        Enqueue(new ScriptedReply { Status = status, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>Waits before answering (to trip client timeouts); the next scripted reply is not consumed.</summary>
    public OpenAiProtocolServer EnqueueDelay(TimeSpan delay) => Enqueue(new ScriptedReply { Delay = delay });

    public OpenAiProtocolServer Enqueue(ScriptedReply reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    /// <summary>Scripted replies not yet used.</summary>
    public int Pending => _script.Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ChatAsync(HttpContext http)
    {
        var request = await RecordAsync(http).ConfigureAwait(false);
        var reply = _script.TryDequeue(out var scripted) ? scripted : Model?.Reply(request) ?? new ScriptedReply { Text = _ => DefaultText };
        if (reply.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            reply = _script.TryDequeue(out var next) ? next : new ScriptedReply { Text = _ => DefaultText };
        }

        if (reply.Status is { } status)
        {
            http.Response.StatusCode = (int)status;
            if (reply.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await http.Response.WriteAsJsonAsync(new { error = new { message = $"Scripted {(int)status}", type = "scripted_error", code = ((int)status).ToString(CultureInfo.InvariantCulture) } }).ConfigureAwait(false);
            return;
        }

        var model = request.Json?["model"]?.GetValue<string>() ?? "test-model";
        var text = reply.ToolCalls is null ? reply.Text!(request) : null;
        if (request.Stream)
        {
            await StreamAsync(http, model, text, reply.ToolCalls).ConfigureAwait(false);
            return;
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (reply.ToolCalls is { } calls)
        {
            message["tool_calls"] = new JsonArray([.. calls.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"call_{i + 1}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }

        var body = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_760_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = reply.ToolCalls is null ? "stop" : "tool_calls" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task StreamAsync(HttpContext http, string model, string? text, IReadOnlyList<(string Name, string Arguments)>? calls)
    {
        http.Response.ContentType = "text/event-stream";
        async Task SendAsync(JsonObject delta, string? finish)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_760_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n").ConfigureAwait(false);
            await http.Response.Body.FlushAsync().ConfigureAwait(false);
        }

        await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ConfigureAwait(false);
        if (calls is not null)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                await SendAsync(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = i,
                        ["id"] = $"call_{i + 1}",
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = calls[i].Name, ["arguments"] = calls[i].Arguments },
                    }),
                }, null).ConfigureAwait(false);
            }

            await SendAsync([], "tool_calls").ConfigureAwait(false);
        }
        else
        {
            foreach (var piece in Pieces(text ?? ""))
            {
                await SendAsync(new JsonObject { ["content"] = piece }, null).ConfigureAwait(false);
            }

            await SendAsync([], "stop").ConfigureAwait(false);
        }

        await http.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    /// <summary>Splits text into a few pieces, so streaming clients see several deltas.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        const int parts = 4;
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)parts));
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var request = await RecordAsync(http).ConfigureAwait(false);
        var input = request.Json?["input"];
        var texts = input is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [input?.GetValue<string>() ?? ""];
        var dimensions = request.Json?["dimensions"]?.GetValue<int>() ?? EmbeddingDimensions;
        var base64 = request.Json?["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray([.. texts.Select((t, i) =>
        {
            var vector = Embedder(t, dimensions);
            return (JsonNode)new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64
                    ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                    : new JsonArray([.. vector.Select(v => (JsonNode)JsonValue.Create(v))]),
            };
        })]);
        var body = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Json?["model"]?.GetValue<string>() ?? "test-embedding",
            ["usage"] = new JsonObject { ["prompt_tokens"] = texts.Count, ["total_tokens"] = texts.Count },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>
    /// A deterministic unit vector: hashed word counts, so texts sharing words are closer (cosine) than unrelated ones.
    /// </summary>
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (Match word in Regex.Matches(text.ToLowerInvariant(), @"\w+"))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(word.Value));
            vector[BitConverter.ToUInt32(hash, 0) % dimensions] += (hash[4] & 1) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            vector[0] = 1;
            return vector;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
        }

        var recorded = new RecordedRequest(http.Request.Path.Value ?? "", http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, json)
        {
            Query = http.Request.QueryString.Value ?? "",
        };
        lock (_lock)
        {
            _requests.Add(recorded);
        }

        return recorded;
    }
}

/// <summary>One scripted reply: text, tool calls, an HTTP error or a delay.</summary>
public sealed record ScriptedReply
{
    public Func<RecordedRequest, string>? Text { get; init; }

    public IReadOnlyList<(string Name, string Arguments)>? ToolCalls { get; init; }

    public HttpStatusCode? Status { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public TimeSpan? Delay { get; init; }
}

/// <summary>A request as received, with helpers to read chat messages, tool results and cited evidence ids.</summary>
public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, JsonNode? Json)
{
    /// <summary>The query string, with its <c>?</c> (Azure's <c>api-version</c>).</summary>
    public string Query { get; init; } = "";

    /// <summary>The tools the client offers: name, description and the JSON schema of the parameters.</summary>
    public IReadOnlyList<(string Name, string Description, JsonObject Parameters)> Tools =>
        Json?["tools"] is JsonArray tools
            ? [.. tools.OfType<JsonObject>().Select(t => (
                t["function"]?["name"]?.GetValue<string>() ?? "",
                t["function"]?["description"]?.GetValue<string>() ?? "",
                t["function"]?["parameters"] as JsonObject ?? []))]
            : [];

    public bool Stream => Json?["stream"]?.GetValue<bool>() ?? false;

    public IReadOnlyList<JsonNode> Messages => Json?["messages"] is JsonArray messages ? [.. messages.OfType<JsonNode>()] : [];

    /// <summary>The text of every message with the given role.</summary>
    public IReadOnlyList<string> ContentOf(string role) =>
        [.. Messages.Where(m => m["role"]?.GetValue<string>() == role).Select(m => m["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        })];

    /// <summary>The results of tool calls the client sends back (role <c>tool</c>).</summary>
    public IReadOnlyList<string> ToolResults() => ContentOf("tool");

    /// <summary>Names of the tools the client offers.</summary>
    public IReadOnlyList<string> ToolNames =>
        Json?["tools"] is JsonArray tools ? [.. tools.Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "")] : [];

    /// <summary>The evidence id (<c>C3</c>) listed for a source in the prompt (lines like <c>[C3] (data) tickets.csv#T-1: ...</c>).</summary>
    public string? CitationIdFor(string source)
    {
        var all = string.Join('\n', ContentOf("user").Concat(ToolResults()));
        var line = Regex.Match(all, $@"\[(C\d+)\] \(\w+\) {Regex.Escape(source)}:");
        if (line.Success)
        {
            return line.Groups[1].Value;
        }

        var tool = Regex.Match(all, $@"""Cite"":""(C\d+)"",""Source"":""{Regex.Escape(source)}""");
        return tool.Success ? tool.Groups[1].Value : null;
    }
}
