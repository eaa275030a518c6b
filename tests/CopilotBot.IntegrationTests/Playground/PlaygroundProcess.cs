using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CopilotBot.IntegrationTests.Playground;

/// <summary>
/// The Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>, installed by <c>npm ci</c> in
/// this folder) started headless against a bot URL, driven through its HTTP API, with the bot's output read from its
/// conversation websocket.
/// </summary>
public sealed class PlaygroundProcess : IAsyncDisposable
{
    private const string PackageCli = "node_modules/@microsoft/m365agentsplayground/cli.js";

    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonObject> _frames = [];
    private readonly StringBuilder _output = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _workDirectory;
    private Task _reader = Task.CompletedTask;

    private PlaygroundProcess(Process process, int port, string workDirectory)
    {
        _process = process;
        Port = port;
        _workDirectory = workDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public const string BotId = "00000000-0000-0000-0000-00000000000011";
    public const string UserId = "user-id-0";

    /// <summary>Why the Playground cannot run here, or null when node and the npm package are present.</summary>
    public static string? MissingPrerequisite()
    {
        var folder = PackageFolder();
        if (folder is null)
        {
            return "Playground folder (tests/CopilotBot.IntegrationTests/Playground) not found from the test output.";
        }

        if (!File.Exists(Path.Combine(folder, PackageCli)))
        {
            return $"@microsoft/m365agentsplayground is not installed: run `npm ci` in {folder}.";
        }

        return FindOnPath("node") is null ? "node is not on PATH." : null;
    }

    public static async Task<PlaygroundProcess> StartAsync(string botEndpoint, string personalConversationId)
    {
        var folder = PackageFolder()!;
        var port = CopilotBot.Cli.Bench.BotProcess.FreePort();
        var work = Directory.CreateTempSubdirectory("copilotbot-playground-").FullName;
        var info = new ProcessStartInfo(FindOnPath("node")!)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(folder, PackageCli), "start", "-e", botEndpoint, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "msteams", "--conversation-id", personalConversationId, "--disable-telemetry",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        info.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(work, "playground.log");
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var playground = new PlaygroundProcess(process, port, work);
        process.OutputDataReceived += (_, e) => playground.Log(e.Data);
        process.ErrorDataReceived += (_, e) => playground.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await playground.WaitUntilListeningAsync();
        await playground._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/_ws_conversation/v1/conversations/stream"), CancellationToken.None);
        playground._reader = playground.ReadFramesAsync();
        return playground;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public IReadOnlyList<JsonObject> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>The user types a message; mentions are added for group chats and channels.</summary>
    public async Task<JsonObject> SendMessageAsync(string conversationId, string text, bool mentionBot = false)
    {
        var body = new JsonObject { ["from"] = new JsonObject { ["id"] = UserId }, ["text"] = text, ["textFormat"] = "plain" };
        if (mentionBot)
        {
            body["mentions"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = BotId }, ["text"] = "<at>Test Bot</at>" });
        }

        using var response = await Http.PostAsJsonAsync($"/_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body);
        var text2 = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Playground refused the message: {(int)response.StatusCode} {text2}\n{Output}");
        return JsonNode.Parse(text2)!.AsObject();
    }

    /// <summary>
    /// An Action.Execute click (or, by <paramref name="name"/>, another invoke on a message such as a feedback
    /// button's message/submitAction); the answer is the bot's invoke response as the Playground received it.
    /// </summary>
    public async Task<JsonObject> InvokeAsync(string conversationId, string replyToId, JsonObject value, string name = "adaptiveCard/action")
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["value"] = value,
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = replyToId,
        };
        using var response = await Http.PostAsJsonAsync("/_conversation/v1/invoke", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Playground invoke failed: {(int)response.StatusCode} {text}\n{Output}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetConfigAsync() =>
        (await Http.GetFromJsonAsync<JsonObject>("/_internal/v1/config"))!["config"]!.AsObject();

    /// <summary>The first bot message the Playground shows that satisfies the condition.</summary>
    public async Task<JsonObject> WaitForBotMessageAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var found = Frames
                .Where(f => (string?)f["action"] == "createMessage" && f["message"] is JsonObject)
                .Select(f => f["message"]!.AsObject())
                .FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The Playground showed no matching bot message. Frames:\n"
            + string.Join("\n", Frames.Select(f => f.ToJsonString())) + "\nPlayground output:\n" + Output);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Playground exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var ping = await Http.GetAsync("/_debug/ping");
                if (ping.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The Playground did not start listening:\n" + Output);
    }

    private async Task ReadFramesAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.ToArray());
                message.SetLength(0);
                if (JsonNode.Parse(text) is JsonObject frame)
                {
                    lock (_frames)
                    {
                        _frames.Add(frame);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or System.Text.Json.JsonException)
        {
            Log("websocket reader stopped: " + ex.Message);
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string? PackageFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("COPILOTBOT_PLAYGROUND_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "CopilotBot.IntegrationTests", "Playground");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, program))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        await _reader;
        _socket.Dispose();
        _process.Dispose();
        Http.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that is skipped, with the reason, when node or the Playground package is missing (CI installs both).</summary>
public sealed class PlaygroundFactAttribute : FactAttribute
{
    public PlaygroundFactAttribute()
    {
        if (PlaygroundProcess.MissingPrerequisite() is { } reason)
        {
            Skip = reason;
        }
    }
}
