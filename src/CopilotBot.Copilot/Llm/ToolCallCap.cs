using CopilotBot.Copilot.Plugins;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// Stops a model-led answer once the model asks for more tool calls than <see cref="LlmOptions.MaxToolCallsPerTurn"/>:
/// the call is not made and automatic function calling ends, so that a model looping on tools costs a bounded number
/// of requests; the copilot then answers offline and says why.
/// </summary>
public sealed class ToolCallCap(CopilotTurnContext turns) : IAutoFunctionInvocationFilter
{
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (turns.Current?.Tools is { } tools && !tools.TryCall($"{context.Function.PluginName}-{context.Function.Name}"))
        {
            context.Terminate = true;
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
