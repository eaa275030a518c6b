using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>The welcome card: what the copilot does for the user's role, in examples it chose from their own data.</summary>
internal static class RoleGuide
{
    /// <summary>The welcome for a known user (their role's examples) or, in groups and channels, for everyone.</summary>
    public static JsonObject WelcomeCard(User? user, IReadOnlyList<GuideExample> examples)
    {
        var body = new List<JsonNode>
        {
            Text(user is null ? "Hi, I'm CopilotBot" : $"Hi {SafeText.Neutralize(user.Name)}, I'm CopilotBot", size: "Large", weight: "Bolder"),
            Text("Your customer-success copilot: account health, remediation plans, discovery questions, renewal talking points, pre-call briefs and summaries, each claim cited to your data or a playbook."),
        };
        body.Add(Facts(examples.Select(e => (SafeText.Neutralize(e.Example), e.What))));
        body.Add(Text("Type **help** at any time. In a channel or group chat, @mention me.", subtle: true));
        return Card(body, fallbackText: "Hi, I'm CopilotBot. Type help to see what I can do.");
    }
}
