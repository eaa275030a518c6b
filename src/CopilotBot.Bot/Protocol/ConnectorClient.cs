using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CopilotBot.Bot.Auth;

namespace CopilotBot.Bot.Protocol;

/// <summary>A Connector API call the channel refused.</summary>
internal sealed class ConnectorException(HttpStatusCode status, string body, Uri uri, TimeSpan? retryAfter = null)
    : Exception($"Connector call {uri} failed with {(int)status}: {body}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The channel's Retry-After on 429/503, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The Bot Connector REST API v3 at an activity's <c>serviceUrl</c>.</summary>
internal sealed class ConnectorClient(IHttpClientFactory httpClientFactory, IOutboundTokenProvider tokens, TimeProvider timeProvider)
{
    public const string HttpClientName = "bot-connector";
    private const int MaxAttempts = 3;

    /// <summary>
    /// Replies when <c>replyToId</c> is set, else posts to the conversation, as the SDK's adapter does. With
    /// <paramref name="retryThrottled"/> off a 429 throws at once: the outbox schedules the retry instead of waiting.
    /// <paramref name="json"/> is the activity already serialized (the outbox holds it), sent as is instead of again.
    /// </summary>
    public Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken, bool retryThrottled = true, string? json = null)
    {
        var path = string.IsNullOrEmpty(activity.ReplyToId)
            ? ActivitiesPath(activity)
            : $"{ActivitiesPath(activity)}/{Uri.EscapeDataString(activity.ReplyToId)}";
        activity.Id = null; // bots SHOULD NOT set ids (A2031)
        return CallAsync(HttpMethod.Post, activity, path, retryThrottled ? MaxAttempts : 1, cancellationToken, json);
    }

    private static string ActivitiesPath(Activity activity)
    {
        var conversationId = activity.Conversation?.Id
            ?? throw new InvalidOperationException("An outgoing activity needs a conversation id.");
        return $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
    }

    private async Task<ResourceResponse> CallAsync(HttpMethod method, Activity activity, string relative, int maxAttempts, CancellationToken cancellationToken, string? json)
    {
        var serviceUrl = activity.ServiceUrl ?? throw new InvalidOperationException("An outgoing activity needs a serviceUrl.");
        if (!ServiceUrls.IsSendable(serviceUrl))
        {
            // Permanent for the outbox: an address no retry can ever reach (file:, javascript:, blank) is a dead letter.
            throw new InvalidOperationException("An outgoing activity's serviceUrl is not an HTTP(S) address.");
        }

        // The service URL's own path (.../amer/, .../_connector) must be kept: join as a directory.
        var uri = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), relative);
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var http = httpClientFactory.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri)
            {
                Content = json is null ? JsonContent.Create(activity, options: ActivityJson.Options) : new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return string.IsNullOrWhiteSpace(text)
                    ? new ResourceResponse(null)
                    : System.Text.Json.JsonSerializer.Deserialize<ResourceResponse>(text, ActivityJson.Options) ?? new ResourceResponse(null);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < maxAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt);
                await Task.Delay(wait > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : wait, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - timeProvider.GetUtcNow() : null)
                : null;
            throw new ConnectorException(response.StatusCode, body, uri, retryAfter);
        }
    }
}
