using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Plugins;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CopilotBot.Core.Diagnostics;
using Microsoft.ML.Tokenizers;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// The <c>llm</c> mode: a chat model (OpenAI or Azure OpenAI's v1 endpoint) with automatic function calling over
/// the plugins, streaming its text, asked for the draft as JSON citing a pre-assembled evidence list. Any
/// failure (error, rate limit, timeout, unreadable answer) returns null with a warning, and the caller writes
/// the draft offline instead.
/// </summary>
public sealed class LlmDrafter
{
    private readonly LlmOptions _options;
    private readonly PromptLibrary _prompts;
    private readonly CopilotTurnContext _turns;
    private readonly ILogger<LlmDrafter> _logger;
    private readonly LlmKernel _kernel;

    public LlmDrafter(IOptions<LlmOptions> options, PromptLibrary prompts, CopilotTurnContext turns, LlmKernel kernel, ILogger<LlmDrafter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _prompts = prompts;
        _turns = turns;
        _logger = logger;
        Enabled = LlmOptions.TryParseProvider(_options.Provider, out var provider) && provider != LlmProvider.None;
        _kernel = kernel;
    }

    /// <summary>Whether a model is configured; when false every draft is offline.</summary>
    public bool Enabled { get; }

    /// <summary>Section titles the model is asked to fill, per kind (the offline composer's).</summary>
    public static IReadOnlyList<string> SectionTitles(DraftKind kind) => DraftCatalogue.Of(kind).Sections;

    public async Task<Draft?> DraftAsync(DraftKind kind, AccountContext ctx, User user, Func<string, CancellationToken, Task>? onTextDelta, List<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var info = DraftCatalogue.Of(kind);
        // The offline composition cites the rows that matter most first; the evidence list follows that order.
        _ = info.Compose(ctx);
        CiteEverything(ctx);
        var arguments = new KernelArguments
        {
            ["account_name"] = CitationLedger.AsData(ctx.Account.Name), // account names are data too
            ["account_id"] = ctx.Account.AccountId,
            ["as_of"] = Format.Date(ctx.AsOf),
            ["sections"] = string.Join('\n', info.Sections),
            ["situation"] = string.Join('\n', ctx.Situation.Summary()),
            ["recipient"] = CitationLedger.AsData(ctx.Recipient?.Describe() ?? "the account's main contact"),
            ["purpose"] = CitationLedger.AsData(ctx.Brief.Purpose ?? "the account's most pressing matter"),
            ["evidence"] = Budget(ctx.Ledger.EvidenceLines()),
        };
        var text = await CompleteAsync(info.Prompt, arguments, user, ctx.Ledger, ctx.KnownPeople, ctx.AsOf, onTextDelta, warnings, cancellationToken).ConfigureAwait(false);
        return text is null ? null : Finish(info.Name, info.Title, DraftEngine.Subtitle(ctx, DraftEngine.LlmMode), ctx.Account.AccountId, text, ctx.Ledger, ctx.KnownPeople, warnings);
    }

    internal static Draft? Finish(string kind, string title, string subtitle, string? accountId, string text, CitationLedger ledger, IReadOnlyCollection<string> knownPeople, List<string> warnings)
    {
        var sections = ParseSections(text);
        if (sections is null)
        {
            warnings.Add("The language model's answer could not be read as a draft; this one was written offline.");
            CountFallback(kind, "unreadable");
            return null;
        }

        var draft = DraftEngine.Finish(kind, title, subtitle, accountId, DraftEngine.LlmMode, sections, ledger, knownPeople, warnings);
        if (draft.Sections.Count == 0)
        {
            warnings.AddRange(draft.Warnings.Except(warnings));
            warnings.Add("Nothing the language model wrote could be grounded in the sources; this draft was written offline.");
            CountFallback(kind, "ungrounded");
            return null;
        }

        return draft;
    }

    private async Task<string?> CompleteAsync(string promptName, KernelArguments arguments, User user, CitationLedger ledger, IReadOnlyCollection<string> knownPeople, DateOnly asOf,
        Func<string, CancellationToken, Task>? onTextDelta, List<string> warnings, CancellationToken cancellationToken)
    {
        using var turn = _turns.Begin(new CopilotTurn(user, ledger));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            var kernel = _kernel.Kernel;
            var system = await _prompts.RenderAsync("system", kernel, new KernelArguments
            {
                ["user_name"] = user.Name,
                ["user_role"] = user.Role.ToString().ToLowerInvariant(),
                ["as_of"] = Format.Date(asOf),
            }, timeout.Token).ConfigureAwait(false);
            var prompt = await _prompts.RenderAsync(promptName, kernel, arguments, timeout.Token).ConfigureAwait(false);
            var history = new ChatHistory(system);
            history.AddUserMessage(prompt);
            var settings = OpenAIPromptExecutionSettings.FromExecutionSettings(_prompts.Get(promptName).DefaultExecutionSettings);
            settings.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto();
            var chat = kernel.GetRequiredService<IChatCompletionService>();
            var text = new StringBuilder();
            var streamed = onTextDelta is null ? null : new CheckedStream(ledger, knownPeople, onTextDelta);
            await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(history, settings, kernel, timeout.Token).ConfigureAwait(false))
            {
                if (string.IsNullOrEmpty(chunk.Content))
                {
                    continue;
                }

                text.Append(chunk.Content);
                if (streamed is not null)
                {
                    await streamed.FeedAsync(chunk.Content, timeout.Token).ConfigureAwait(false);
                }
            }

            // Counted with the o200k encoding the prompt budget uses: the streamed chunks carry no usage figures.
            CopilotTelemetry.LlmTokens.Add(CountTokens(system) + CountTokens(prompt), new("direction", "input"), new("kind", promptName));
            CopilotTelemetry.LlmTokens.Add(CountTokens(text.ToString()), new("direction", "output"), new("kind", promptName));
            return text.ToString();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The language model timed out after {Seconds} s", _options.TimeoutSeconds);
            warnings.Add($"The language model did not answer within {_options.TimeoutSeconds} seconds; this draft was written offline.");
            CountFallback(promptName, "timeout");
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "The language model failed");
            warnings.Add(Describe(ex));
            CountFallback(promptName, "error");
            return null;
        }
    }

    internal static void CountFallback(string kind, string reason) =>
        CopilotTelemetry.LlmFallbacks.Add(1, new("kind", kind), new("reason", reason));

    internal static string Describe(Exception ex, string outcome = "this draft was written offline")
    {
        int? status = null;
        for (var e = ex; e is not null && status is null; e = e.InnerException)
        {
            status = e switch
            {
                HttpOperationException { StatusCode: { } code } => (int)code,
                ClientResultException { Status: > 0 } cre => cre.Status,
                HttpRequestException { StatusCode: { } code } => (int)code,
                _ => null,
            };
        }

        return status switch
        {
            (int)HttpStatusCode.TooManyRequests => $"The language model is rate limited (HTTP 429) after retries; {outcome}.",
            { } s => $"The language model failed (HTTP {s}); {outcome}.",
            _ => $"The language model could not be reached ({ex.GetType().Name}); {outcome}.",
        };
    }

    /// <summary>The outermost <c>{…}</c> of a model's reply, parsed, with fences and chatter around it ignored; null when there is no object.</summary>
    internal static JsonDocument? OutermostObject(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            var doc = JsonDocument.Parse(text[start..(end + 1)]);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }

            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads <c>{"sections":[{"title","items":[{"text","citations"}]}]}</c>, tolerating fences and chatter around it.</summary>
    public static IReadOnlyList<DraftSection>? ParseSections(string text)
    {
        using var doc = OutermostObject(text);
        if (doc is null || !doc.RootElement.TryGetProperty("sections", out var sections) || sections.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new List<DraftSection>();
        foreach (var section in sections.EnumerateArray())
        {
            if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var title = section.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "Notes";
            var parsed = new List<DraftItem>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var itemText) && itemText.ValueKind == JsonValueKind.String)
                {
                    var citations = item.TryGetProperty("citations", out var c) && c.ValueKind == JsonValueKind.Array
                        ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                        : [];
                    parsed.Add(new DraftItem(itemText.GetString()!, citations));
                }
            }

            if (parsed.Count > 0)
            {
                result.Add(new DraftSection(title, parsed));
            }
        }

        return result.Count > 0 ? result : null;
    }

    /// <summary>Cites every row of the account, most telling first, so the model can ground anything it says.</summary>
    private static void CiteEverything(AccountContext ctx)
    {
        ctx.CiteAccount();
        foreach (var f in ctx.Health.Flags.Concat(ctx.Health.Signals))
        {
            ctx.CiteAll(f.Evidence, 5);
        }

        foreach (var c in ctx.Health.Components)
        {
            ctx.CiteAll(c.Evidence, 3);
        }

        foreach (var c in ctx.Data.Contacts)
        {
            ctx.Cite(c);
        }

        foreach (var o in ctx.Data.Outcomes)
        {
            ctx.Cite(o);
        }

        foreach (var t in ctx.OpenTickets)
        {
            ctx.Cite(t);
        }

        if (ctx.LatestUsage is { } usage)
        {
            ctx.Cite(usage);
        }

        foreach (var s in ctx.Data.Surveys.Where(s => s.Date <= ctx.AsOf).OrderByDescending(s => s.Date).Take(5))
        {
            ctx.Cite(s);
        }

        foreach (var i in ctx.Timeline.Take(8))
        {
            ctx.Cite(i);
        }

        foreach (var hit in ctx.Playbooks)
        {
            ctx.Cite(hit);
        }
    }

    /// <summary>Keeps evidence lines, in order, within the token budget (counted with the o200k encoding of current OpenAI models).</summary>
    internal string Budget(IReadOnlyList<string> lines)
    {
        var budget = _options.MaxContextTokens;
        var kept = new StringBuilder();
        var used = 0;
        foreach (var line in lines)
        {
            var cost = CountTokens(line) + 1;
            if (used + cost > budget)
            {
                _logger.LogInformation("Evidence trimmed to {Tokens} tokens of {Lines} lines", used, lines.Count);
                break;
            }

            used += cost;
            kept.AppendLine(line);
        }

        return kept.ToString();
    }

    private static readonly Lazy<Tokenizer?> s_o200k = new(() =>
    {
        try
        {
            return TiktokenTokenizer.CreateForEncoding("o200k_base");
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException or IOException)
        {
            return null;
        }
    });

    /// <summary>Tokens of a text in o200k; a conservative estimate (three characters a token) if the encoding cannot load.</summary>
    public static int CountTokens(string text) => s_o200k.Value?.CountTokens(text) ?? (text.Length / 3) + 4;

    /// <summary>
    /// What the user watches while the model writes: each item once it is complete, through the same groundedness check
    /// as the finished draft (title included), so that no unchecked figure, name or date is ever shown, not even for
    /// the seconds before the final message replaces the stream.
    /// </summary>
    internal sealed class CheckedStream(CitationLedger ledger, IReadOnlyCollection<string> knownPeople, Func<string, CancellationToken, Task> onTextDelta)
    {
        private readonly DraftTextStream _items = new();
        private string? _lastTitle;

        public async Task FeedAsync(string piece, CancellationToken cancellationToken)
        {
            foreach (var item in _items.Feed(piece))
            {
                var result = GroundednessChecker.Check([new DraftSection(item.SectionTitle, [new DraftItem(item.Text, item.Citations)])], ledger, knownPeople);
                if (result.Sections is not [var section])
                {
                    continue;
                }

                var delta = new StringBuilder();
                if (!string.Equals(section.Title, _lastTitle, StringComparison.Ordinal))
                {
                    delta.Append("\n## ").Append(section.Title);
                    _lastTitle = section.Title;
                }

                delta.Append("\n- ").Append(section.Items[0].Text);
                await onTextDelta(delta.ToString(), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
