using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Domain;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>What the bot can do for each role: the welcome card, the <c>help</c> answer and the suggested actions.</summary>
internal static class RoleGuide
{
    private static readonly (string Example, string What)[] s_csm =
    [
        ("health Contoso", "score, band, components, trend and flags with evidence"),
        ("remediation plan for Contoso", "a cited plan for an account at risk"),
        ("discovery questions for Contoso", "questions for the next call"),
        ("renewal talking points for Contoso", "points for the renewal conversation"),
        ("my portfolio", "your accounts, worst first"),
        ("what do I do about Contoso?", "the plan, asked the way you would ask a colleague"),
    ];

    private static readonly (string Example, string What)[] s_sales =
    [
        ("pre-call brief for Contoso", "who, what changed, risks and openings before a call"),
        ("renewal talking points for Contoso", "points for the renewal conversation"),
        ("health Contoso", "score, band, trend and flags"),
        ("my portfolio", "the accounts you sell to, worst first"),
        ("which accounts could expand?", "accounts showing room for more seats"),
    ];

    private static readonly (string Example, string What)[] s_manager =
    [
        ("team portfolio", "your team's accounts, worst first"),
        ("how much ARR is at risk?", "your team's summary: bands, ARR at risk, renewals in 90 days"),
        ("how is Alex doing?", "one CSM's accounts, by their name"),
        ("which CSM has the most red accounts?", "your team's summary with a line per CSM"),
        ("did we lose any champions?", "the accounts raising a flag: champions, P1s, detractors, silence"),
        ("account summary for Contoso", "a cited summary for a review"),
        ("health Contoso", "score, band, trend and flags"),
        ("remediation plan for Contoso", "a cited plan for an account at risk"),
    ];

    private static readonly (string Example, string What)[] s_admin =
    [
        ("portfolio", "every account, worst first"),
        ("health Contoso", "score, band, trend and flags"),
        ("account summary for Contoso", "a cited summary"),
        ("pre-call brief for Contoso", "a brief before a call"),
        ("remediation plan / discovery questions / renewal talking points for Contoso", "the CSM drafts"),
    ];

    public static IReadOnlyList<(string Example, string What)> For(UserRole role) => role switch
    {
        UserRole.Sales => s_sales,
        UserRole.Manager => s_manager,
        UserRole.Admin => s_admin,
        _ => s_csm,
    };

    /// <summary>At most three: Teams shows no more.</summary>
    public static SuggestedActions Suggestions(User user, string? lastAccountName)
    {
        var actions = new List<CardAction>
        {
            new("imBack", user.Role == UserRole.Manager ? "Team portfolio" : "My portfolio", user.Role == UserRole.Manager ? "team portfolio" : "my portfolio"),
        };
        if (lastAccountName is not null)
        {
            actions.Add(new CardAction("imBack", $"Health of {lastAccountName}", $"health {lastAccountName}"));
        }
        else
        {
            actions.Add(new CardAction("imBack", "Accounts at risk", "which accounts are at risk?"));
        }

        actions.Add(new CardAction("imBack", "Help", "help"));
        return new SuggestedActions { Actions = actions };
    }

    public static string HelpMarkdown(User user)
    {
        var lines = For(user.Role).Select(c => $"- **{c.Example}**: {c.What}");
        return $"""
            Here is what I can do for you ({user.Role.ToString().ToLowerInvariant()}):

            {string.Join("\n", lines)}

            Ask in your own words too. Every claim I make cites a data row or a playbook passage. On a health card, the buttons draft a remediation plan, discovery questions or renewal talking points.
            """;
    }

    /// <summary>The welcome for a known user (their role's abilities) or, in groups and channels, for everyone.</summary>
    public static JsonObject WelcomeCard(User? user)
    {
        var body = new List<JsonNode>
        {
            Text(user is null ? "Hi, I'm CopilotBot" : $"Hi {SafeText.Neutralize(user.Name)}, I'm CopilotBot", size: "Large", weight: "Bolder"),
            Text("Your customer-success copilot: account health, remediation plans, discovery questions, renewal talking points, pre-call briefs and summaries, each claim cited to your data or a playbook."),
        };
        var capabilities = user is null ? s_admin : For(user.Role);
        body.Add(Facts(capabilities.Select(c => (c.Example, c.What))));
        body.Add(Text("Type **help** at any time. In a channel or group chat, @mention me.", subtle: true));
        return Card(body, fallbackText: "Hi, I'm CopilotBot. Type help to see what I can do.");
    }
}
