using System.ComponentModel;
using CopilotBot.Copilot.Drafting;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Plugins;

/// <summary>
/// Every draft kind of <see cref="DraftCatalogue"/> as a tool (<c>draft_remediation_plan</c>, <c>draft_email</c>...):
/// it returns the offline engine's cited draft about an account the asking user may see, for the model to adapt.
/// </summary>
public sealed class DraftsPlugin(Func<ICopilot> copilot, CopilotTurnContext turns)
{
    public const string PluginName = "drafts";

    public KernelPlugin Create() => KernelPluginFactory.CreateFromFunctions(PluginName,
        "The copilot's cited drafts about one account", [.. DraftCatalogue.All.Select(Function)]);

    /// <summary>The tool's name for a kind: <c>draft_</c> and the kind's command-line name.</summary>
    public static string FunctionName(DraftKindInfo info) => "draft_" + info.Name.Replace('-', '_');

    private KernelFunction Function(DraftKindInfo info)
    {
        var description = $"Writes the {info.Title.ToLowerInvariant()} the copilot drafts for one account"
            + (info.CoversPortfolios ? " (or for a whole book of business: account 'portfolio', 'team' or a CSM's e-mail)" : "")
            + (info.Addressed ? ", to a contact of the account or a colleague, about what the user asked" : "")
            + $", with the sections {string.Join(", ", info.Sections)}; every item cites its sources. Use it for {info.UseWhen}, or when the user"
            + " asks for this artefact; then adapt it to the question and keep its citations.";
        return info.Addressed
            ? KernelFunctionFactory.CreateFromMethod(
                ([Description("Account id or company name")] string account,
                 [Description("Recipient: a contact of the account or a colleague, by name or e-mail; empty for the main contact")] string? to = null,
                 [Description("What it is about, in the user's words, e.g. 'they want 20 more seats'")] string? about = null,
                 CancellationToken cancellationToken = default) => DraftAsync(info.Kind, account, to, about, cancellationToken),
                FunctionName(info), description)
            : KernelFunctionFactory.CreateFromMethod(
                ([Description("Account id or company name")] string account, CancellationToken cancellationToken = default) =>
                    DraftAsync(info.Kind, account, null, null, cancellationToken),
                FunctionName(info), description);
    }

    private async Task<object> DraftAsync(DraftKind kind, string account, string? to, string? about, CancellationToken cancellationToken)
    {
        var turn = turns.Require();
        var draft = await copilot().DraftAsync(new DraftRequest(kind, account, turn.User.Email)
        {
            Recipient = string.IsNullOrWhiteSpace(to) ? null : to,
            Purpose = string.IsNullOrWhiteSpace(about) ? null : about,
            Offline = true,
        }, cancellationToken).ConfigureAwait(false);
        return ToolAnswers.From(draft, turn);
    }
}
