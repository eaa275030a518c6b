using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CopilotBot.Cli.Bench;

/// <summary>
/// The bot as users run it: its own process (<c>dotnet CopilotBot.Bot.dll</c>, next to this CLI), on a free loopback
/// port, in development mode (no Bot Framework credentials). Measures what only a separate process can show: the
/// time from launch to ready and its peak resident memory.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private BotProcess(Process process, Uri url, TimeSpan readyAfter)
    {
        _process = process;
        Url = url;
        ReadyAfter = readyAfter;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Url { get; }

    /// <summary>From launching the process to the first 200 of <c>/readyz</c> (store and index usable).</summary>
    public TimeSpan ReadyAfter { get; }

    /// <summary>Starts the bot with <paramref name="configuration"/> (keys as in appsettings, e.g. <c>Copilot:DataDirectory</c>) and waits until it is ready.</summary>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> configuration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "CopilotBot.Bot.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"The bot is not built next to the CLI: {assembly} is missing.");
        }

        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Bot__MicrosoftAppId"] = string.Empty;
        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var launched = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot process.");
        var output = new List<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (output) output.Add(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (output) output.Add(text); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited || Stopwatch.GetElapsedTime(launched) > timeout)
            {
                string log;
                lock (output) log = string.Join('\n', output.TakeLast(20));
                Kill(process);
                throw new InvalidOperationException($"The bot did not become ready within {timeout.TotalSeconds:0} s (exit: {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running")}). Last output:\n{log}");
            }

            try
            {
                using var ready = await probe.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return new BotProcess(process, url, Stopwatch.GetElapsedTime(launched));
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a Web Chat message from <paramref name="userEmail"/> and returns the replies (expectReplies: they come back in the response).</summary>
    public async Task<JsonArray> AskAsync(string userEmail, string text, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "webchat",
            ["serviceUrl"] = Url.ToString(),
            ["deliveryMode"] = "expectReplies",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["from"] = new JsonObject { ["id"] = userEmail, ["name"] = userEmail },
            ["recipient"] = new JsonObject { ["id"] = "bot", ["name"] = "CopilotBot" },
            ["conversation"] = new JsonObject { ["id"] = "bench-" + userEmail },
            ["text"] = text,
        };
        using var response = await _http.PostAsJsonAsync("api/messages", activity, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return body?["activities"]?.AsArray() ?? [];
    }

    /// <summary>The most resident memory the bot process has had (VmHWM), in bytes; null where /proc is not there.</summary>
    public long? PeakResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Kill(_process);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited in between
        }
    }

    /// <summary>A port free on 127.0.0.1 now (the OS picks it), for a process that must be told its port.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
