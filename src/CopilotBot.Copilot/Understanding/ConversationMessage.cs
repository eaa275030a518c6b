namespace CopilotBot.Copilot.Understanding;

/// <summary>One message of a conversation as the model is reminded of it: who said it (<c>user</c> or <c>assistant</c>) and what.</summary>
public sealed record ConversationMessage(string Role, string Text)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
