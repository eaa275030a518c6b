namespace CopilotBot.Bot.Protocol;

/// <summary>
/// Where replies may go. A channel's reply address is HTTPS; plain HTTP only on this machine's loopback while
/// developing (the local Direct Line, the Agents Playground, test stubs). Anything else could never be answered, so it
/// is refused at the door instead of filling the outbox with replies that are retried until they are dead letters.
/// </summary>
internal static class ServiceUrls
{
    public static bool IsAcceptable(string? serviceUrl, bool allowLoopbackHttp) =>
        Uri.TryCreate(serviceUrl?.Trim(), UriKind.Absolute, out var uri)
        && !string.IsNullOrEmpty(uri.Host)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowLoopbackHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>What the connector can send to at all: an absolute HTTP or HTTPS address.</summary>
    public static bool IsSendable(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
        && !string.IsNullOrEmpty(uri.Host)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
