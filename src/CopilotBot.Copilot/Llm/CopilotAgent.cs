using System.Text;
using System.Text.Json;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Plugins;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// A free question led by the model: it gets the question, the conversation's recent messages (within
/// <see cref="LlmOptions.MaxHistoryTokens"/>) and the copilot's tools (account, health, activity and playbook plugins,
/// every draft kind, the portfolio handlers), chooses what to call through Semantic Kernel's automatic function
/// calling (at most <see cref="LlmOptions.MaxToolCallsPerTurn"/> calls), and answers in cited JSON that is checked like
/// every draft. The asking user is the turn's, never a tool argument. Null (with the reason in the warnings) when the
/// offline pipeline must answer instead: an error, a rate limit, a timeout, an unreadable or uncited answer, too
/// many tool calls.
/// </summary>
public sealed class CopilotAgent
{
    /// <summary>The prompt folder of the agent's instructions.</summary>
    public const string PromptName = "agent";

    private const string Outcome = "this question was answered offline";

    // A remembered answer is a reminder of what was said, not the evidence: the tools fetch that again.
    private const int MaxRememberedChars = 1200;

    private readonly LlmOptions _options;
    private readonly PromptLibrary _prompts;
    private readonly CopilotTurnContext _turns;
    private readonly Access.AccountGateway _gateway;
    private readonly ILogger<CopilotAgent> _logger;
    private readonly Lazy<Kernel> _kernel;

    public CopilotAgent(IOptions<LlmOptions> options, LlmKernel llm, PromptLibrary prompts, CopilotTurnContext turns, DraftsPlugin drafts,
        PortfolioAnswersPlugin portfolioAnswers, ToolCallCap cap, Access.AccountGateway gateway, ILogger<CopilotAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(llm);
        _options = options.Value;
        _prompts = prompts;
        _turns = turns;
        _gateway = gateway;
        _logger = logger;
        Enabled = LlmOptions.TryParseProvider(_options.Provider, out var provider) && provider != LlmProvider.None;
        _kernel = new Lazy<Kernel>(() =>
        {
            var kernel = llm.Kernel.Clone();
            kernel.Plugins.Add(drafts.Create());
            kernel.Plugins.AddFromObject(portfolioAnswers, PortfolioAnswersPlugin.PluginName);
            kernel.AutoFunctionInvocationFilters.Add(cap);
            return kernel;
        });
    }

    /// <summary>Whether a model is configured; when false every question goes through the offline pipeline.</summary>
    public bool Enabled { get; }

    /// <summary>The tools the model is offered (name and description), as it sees them.</summary>
    public IReadOnlyList<(string Name, string Description)> Tools =>
        [.. _kernel.Value.Plugins.GetFunctionsMetadata().Select(f => ($"{f.PluginName}-{f.Name}", f.Description))];

    /// <summary>
    /// The model's checked answer to <paramref name="request"/> for <paramref name="user"/>, given the conversation's
    /// earlier messages (<paramref name="history"/>, oldest first) and the names of people the asker's data holds
    /// (<paramref name="knownPeople"/>, for the groundedness check); null with the reason added to
    /// <paramref name="warnings"/> when the offline pipeline must answer. <paramref name="cancellationToken"/> ends it early.
    /// </summary>
    public async Task<Draft?> AnswerAsync(AskRequest request, User user, IReadOnlyList<ConversationMessage> history, IReadOnlyCollection<string> knownPeople,
        List<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(warnings);
        var asOf = _gateway.AsOf;
        var ledger = new CitationLedger();
        ledger.AddDerived($"As of {Format.Date(asOf)}.");
        var tools = new ToolUse(_options.MaxToolCallsPerTurn);
        using var turn = _turns.Begin(new CopilotTurn(user, ledger) { Tools = tools });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        string text;
        try
        {
            var kernel = _kernel.Value;
            var system = await _prompts.RenderAsync(PromptName, kernel, new KernelArguments
            {
                ["user_name"] = user.Name,
                ["user_role"] = user.Role.ToString().ToLowerInvariant(),
                ["as_of"] = Format.Date(asOf),
                ["max_tools"] = _options.MaxToolCallsPerTurn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, timeout.Token).ConfigureAwait(false);
            var chat = new ChatHistory(system);
            foreach (var earlier in Recent(history, _options.MaxHistoryTokens))
            {
                chat.AddMessage(earlier.Role == ConversationMessage.User ? AuthorRole.User : AuthorRole.Assistant, earlier.Text);
            }

            chat.AddUserMessage(request.Question);
            var settings = OpenAIPromptExecutionSettings.FromExecutionSettings(_prompts.Get(PromptName).DefaultExecutionSettings);
            settings.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto();
            var service = kernel.GetRequiredService<IChatCompletionService>();
            var written = new StringBuilder();
            var streamed = request.OnTextDelta is null ? null : new LlmDrafter.CheckedStream(ledger, knownPeople, request.OnTextDelta);
            await foreach (var chunk in service.GetStreamingChatMessageContentsAsync(chat, settings, kernel, timeout.Token).ConfigureAwait(false))
            {
                if (string.IsNullOrEmpty(chunk.Content) || tools.CapReached)
                {
                    continue;
                }

                written.Append(chunk.Content);
                if (streamed is not null)
                {
                    await streamed.FeedAsync(chunk.Content, timeout.Token).ConfigureAwait(false);
                }
            }

            text = written.ToString();
            CopilotTelemetry.LlmTokens.Add(LlmDrafter.CountTokens(string.Concat(chat.Select(m => m.Content))), new("direction", "input"), new("kind", PromptName));
            CopilotTelemetry.LlmTokens.Add(LlmDrafter.CountTokens(text), new("direction", "output"), new("kind", PromptName));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The language model timed out after {Seconds} s", _options.TimeoutSeconds);
            warnings.Add($"The language model did not answer within {_options.TimeoutSeconds} seconds; {Outcome}.");
            LlmDrafter.CountFallback(PromptName, "timeout");
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "The language model failed");
            warnings.Add(LlmDrafter.Describe(ex, Outcome));
            LlmDrafter.CountFallback(PromptName, "error");
            return null;
        }

        if (tools.CapReached)
        {
            _logger.LogWarning("The language model asked for more than {Max} tool calls", tools.MaxCalls);
            warnings.Add($"The language model asked for more than {tools.MaxCalls} tool calls for one question; {Outcome}.");
            LlmDrafter.CountFallback(PromptName, "tool-loop");
            return null;
        }

        var last = tools.LastAnswer;
        var accountId = tools.Accounts is [var one] ? one : null;
        if (Message(text) is { } message)
        {
            if (GroundednessChecker.ExtractClaims(message, knownPeople, ledger.Corpus()).Count > 0)
            {
                warnings.Add($"The language model's reply made claims without citing them; {Outcome}.");
                LlmDrafter.CountFallback(PromptName, "ungrounded");
                return null;
            }

            return DraftEngine.Message("answer", DraftEngine.LlmMode, message, refused: false) with { Understood = Led(tools) };
        }

        var subtitle = $"{(accountId is null ? "Your accounts" : accountId)} · as of {Format.Date(asOf)} · {DraftEngine.LlmMode}";
        var answer = LlmDrafter.Finish("answer", "Answer", subtitle, accountId, text, ledger, knownPeople, warnings);
        if (answer is null)
        {
            return null;
        }

        // The card follows the account the answer is about, scored as the tools saw it.
        var about = accountId is null ? null : await _gateway.FindAccountAsync(user, accountId, cancellationToken).ConfigureAwait(false);
        return answer with
        {
            Health = about is null ? null : _gateway.Health(about),
            PortfolioRows = accountId is null ? last?.PortfolioRows : null,
            Understood = Led(tools),
        };
    }

    /// <summary>How the model went about it, for <c>ask --explain</c>: the tools it called, in order.</summary>
    private static string Led(ToolUse tools) =>
        "led by the language model · tools: " + (tools.Calls.Count == 0 ? "none" : string.Join(", ", tools.Calls));

    /// <summary>What a conversation remembers of an answer: its text, without citation markers (ids are renumbered each turn).</summary>
    public static string Remembered(Draft answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.Sections.Count == 0
            ? answer.Markdown.Trim()
            : string.Join('\n', answer.Sections.SelectMany(s => s.Items.Select(i => $"- {i.Text}")));
        return text.Length <= MaxRememberedChars ? text : text[..MaxRememberedChars] + "…";
    }

    /// <summary>The newest messages that fit the token budget, oldest first.</summary>
    public static IReadOnlyList<ConversationMessage> Recent(IReadOnlyList<ConversationMessage> history, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(history);
        var kept = new List<ConversationMessage>();
        var used = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var cost = LlmDrafter.CountTokens(history[i].Text) + 4;
            if (used + cost > maxTokens)
            {
                break;
            }

            used += cost;
            kept.Add(history[i]);
        }

        kept.Reverse();
        return kept;
    }

    /// <summary>The text of a <c>{"message": "..."}</c> reply (a question back, or what the model cannot help with); null for anything else.</summary>
    private static string? Message(string text)
    {
        using var doc = LlmDrafter.OutermostObject(text);
        return doc is not null && !doc.RootElement.TryGetProperty("sections", out _)
            && doc.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            && message.GetString() is { Length: > 0 } said
            ? said.Trim()
            : null;
    }
}
