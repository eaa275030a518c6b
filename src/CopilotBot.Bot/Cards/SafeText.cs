namespace CopilotBot.Bot.Cards;

/// <summary>
/// Makes text that comes from data (notes, comments, subjects, excerpts) inert in Teams and Web Chat markdown and in
/// Adaptive Card TextBlocks: no link syntax, no bare URLs or <c>www.</c> hosts that clients would auto-link, no HTML
/// tags, no card template functions. A zero-width space breaks each construct while the reader sees the same text.
/// </summary>
internal static class SafeText
{
    private const string Zwsp = "\u200B";

    public static string Neutralize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return text
            .Replace("](", "]" + Zwsp + "(", StringComparison.Ordinal)
            .Replace("://", ":" + Zwsp + "//", StringComparison.Ordinal)
            .Replace("www.", "www" + Zwsp + ".", StringComparison.OrdinalIgnoreCase)
            .Replace("<", "<" + Zwsp, StringComparison.Ordinal)
            .Replace("{{", "{" + Zwsp + "{", StringComparison.Ordinal)
            .Replace("${", "$" + Zwsp + "{", StringComparison.Ordinal)
            .Replace("mailto:", "mailto" + Zwsp + ":", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Data shown as a quotation, on one line, so it never reads as the bot's own words or formatting.</summary>
    public static string Quote(string? text)
    {
        var single = Neutralize(text).ReplaceLineEndings(" ").Trim();
        // Markdown emphasis and list markers in data are shown literally.
        single = single.Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return $"“{single}”";
    }
}
