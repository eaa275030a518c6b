using System.Text;

namespace CopilotBot.Copilot.Drafting;

/// <summary>Collects sections and cited items in writing order.</summary>
public sealed class DraftBuilder
{
    private readonly List<(string Title, List<DraftItem> Items)> _sections = [];

    public DraftBuilder Section(string title)
    {
        _sections.Add((title, []));
        return this;
    }

    public DraftBuilder Item(string text, params IEnumerable<string> citations)
    {
        _sections[^1].Items.Add(new DraftItem(text, [.. citations.Distinct(StringComparer.Ordinal)]));
        return this;
    }

    public IReadOnlyList<DraftSection> Build() =>
        [.. _sections.Where(s => s.Items.Count > 0).Select(s => new DraftSection(s.Title, s.Items))];
}

/// <summary>Renders a draft's sections and citations as markdown with [C1] markers, the same for both modes.</summary>
public static class MarkdownRenderer
{
    public static string Render(string title, string? subtitle, IReadOnlyList<DraftSection> sections, IReadOnlyList<Citation> citations, IReadOnlyList<string> warnings)
    {
        var md = new StringBuilder().Append("# ").AppendLine(title);
        if (subtitle is not null)
        {
            md.AppendLine().Append('_').Append(subtitle).AppendLine("_");
        }

        foreach (var section in sections)
        {
            md.AppendLine().Append("## ").AppendLine(section.Title);
            foreach (var item in section.Items)
            {
                md.Append("- ").Append(item.Text);
                foreach (var id in item.Citations)
                {
                    md.Append(" [").Append(id).Append(']');
                }

                md.AppendLine();
            }
        }

        if (warnings.Count > 0)
        {
            md.AppendLine().AppendLine("## Warnings");
            foreach (var warning in warnings)
            {
                md.Append("- ").AppendLine(warning);
            }
        }

        if (citations.Count > 0)
        {
            md.AppendLine().AppendLine("## Sources");
            foreach (var c in citations)
            {
                md.Append("- [").Append(c.Id).Append("] `").Append(c.Source).Append("` ").AppendLine(c.Excerpt);
            }
        }

        return md.ToString().TrimEnd() + "\n";
    }

    public static string Title(DraftKind kind) => DraftCatalogue.Of(kind).Title;
}
