using System.Text;
using System.Text.RegularExpressions;

namespace CopilotBot.Knowledge.Ingestion;

/// <summary>
/// Reads a playbook: YAML front matter (the subset playbooks use: <c>key: scalar</c>, <c>key: [a, b]</c> and
/// <c>- item</c> lists) followed by Markdown split at its headings.
/// </summary>
public static partial class PlaybookParser
{
    private static readonly HashSet<string> ListKeys = new(StringComparer.Ordinal) { "risks", "stages", "personas" };

    /// <summary>Parses <paramref name="content"/>; <paramref name="path"/> names the file in errors and citations.</summary>
    /// <exception cref="PlaybookFormatException">The front matter is malformed.</exception>
    public static PlaybookDocument Parse(string path, string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var (frontMatter, bodyStart) = ReadFrontMatter(path, lines);
        var sections = ReadSections(lines, bodyStart, out var h1);

        var title = frontMatter.Scalars.GetValueOrDefault("title") ?? h1;
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new PlaybookFormatException(path, 1, "no 'title' in the front matter and no '# Title' heading");
        }

        return new PlaybookDocument(
            path,
            title,
            frontMatter.Lists.GetValueOrDefault("risks") ?? [],
            frontMatter.Lists.GetValueOrDefault("stages") ?? [],
            frontMatter.Lists.GetValueOrDefault("personas") ?? [],
            sections);
    }

    private sealed class FrontMatter
    {
        public Dictionary<string, string> Scalars { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Lists { get; } = new(StringComparer.Ordinal);
    }

    private static (FrontMatter FrontMatter, int BodyStart) ReadFrontMatter(string path, string[] lines)
    {
        var result = new FrontMatter();
        var first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first])) first++;
        if (first >= lines.Length || lines[first].TrimEnd() != "---")
        {
            return (result, 0);
        }

        List<string>? openList = null;
        for (var i = first + 1; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = StripComment(lines[i]).TrimEnd();
            if (line is "---" or "...")
            {
                return (result, i + 1);
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('-'))
            {
                if (openList is null)
                {
                    throw new PlaybookFormatException(path, lineNumber, $"list item '{trimmed}' does not follow a 'key:' line");
                }

                openList.Add(Unquote(path, lineNumber, trimmed[1..].Trim()));
                continue;
            }

            if (line.Length != trimmed.Length)
            {
                throw new PlaybookFormatException(path, lineNumber, $"unexpected indentation in '{trimmed}'");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new PlaybookFormatException(path, lineNumber, $"expected 'key: value' but found '{line}' (is the closing '---' of the front matter opened at line {first + 1} missing?)");
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (!KeyPattern().IsMatch(key))
            {
                throw new PlaybookFormatException(path, lineNumber, $"'{line[..colon]}' is not a valid key");
            }

            openList = null;
            if (value.StartsWith('['))
            {
                if (!value.EndsWith(']'))
                {
                    throw new PlaybookFormatException(path, lineNumber, $"the list for '{key}' is not closed with ']'");
                }

                result.Lists[key] = SplitInlineList(path, lineNumber, value[1..^1]);
            }
            else if (value.Length == 0)
            {
                openList = [];
                result.Lists[key] = openList;
            }
            else if (ListKeys.Contains(key))
            {
                // A single value where a list is expected ("risks: adoption") is a one-item list.
                result.Lists[key] = [Unquote(path, lineNumber, value)];
            }
            else
            {
                result.Scalars[key] = Unquote(path, lineNumber, value);
            }
        }

        throw new PlaybookFormatException(path, first + 1, "front matter opened with '---' is never closed");
    }

    private static List<string> SplitInlineList(string path, int line, string inner)
    {
        var items = new List<string>();
        if (inner.Trim().Length == 0)
        {
            return items;
        }

        foreach (var part in inner.Split(','))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                throw new PlaybookFormatException(path, line, "empty item in list");
            }

            if (item.Contains('[', StringComparison.Ordinal) || item.Contains(']', StringComparison.Ordinal))
            {
                throw new PlaybookFormatException(path, line, "nested lists are not supported");
            }

            items.Add(Unquote(path, line, item));
        }

        return items;
    }

    private static string Unquote(string path, int line, string value)
    {
        if (value.Length > 0 && value[0] is '"' or '\'')
        {
            var quote = value[0];
            if (value.Length < 2 || value[^1] != quote)
            {
                throw new PlaybookFormatException(path, line, $"unterminated quoted value {value}");
            }

            return value[1..^1];
        }

        return value;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return line.TrimStart().StartsWith('#') ? string.Empty : hash >= 0 ? line[..hash] : line;
    }

    private static List<PlaybookSection> ReadSections(string[] lines, int start, out string? title)
    {
        string? h1 = null;
        var sections = new List<PlaybookSection>();
        var anchors = new HeadingSlug.Registry();
        string? h2 = null;
        string? h3 = null;
        var anchor = string.Empty;
        var sectionLine = start + 1;
        var text = new StringBuilder();
        var inFence = false;

        void Flush()
        {
            var body = text.ToString().Trim();
            text.Clear();
            if (body.Length == 0)
            {
                return;
            }

            var path = new List<string>(3);
            if (h1 is not null) path.Add(h1);
            if (h2 is not null) path.Add(h2);
            if (h3 is not null) path.Add(h3);
            sections.Add(new PlaybookSection(path, anchor, body, sectionLine, h2 is null && h3 is null));
        }

        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            var heading = inFence ? null : HeadingPattern().Match(line);
            if (heading is { Success: true } && heading.Groups[1].Length <= 3)
            {
                Flush();
                var level = heading.Groups[1].Length;
                var headingText = CleanHeading(heading.Groups[2].Value);
                var slug = anchors.Next(headingText);
                switch (level)
                {
                    case 1:
                        h1 = headingText;
                        h2 = h3 = null;
                        break;
                    case 2:
                        h2 = headingText;
                        h3 = null;
                        break;
                    default:
                        h3 = headingText;
                        break;
                }

                anchor = slug;
                sectionLine = i + 1;
                continue;
            }

            text.Append(line).Append('\n');
        }

        Flush();
        title = h1;
        return sections;
    }

    // Headings are cited by their rendered text: links keep their label, emphasis and code marks go.
    private static string CleanHeading(string raw)
    {
        var text = LinkPattern().Replace(raw.Trim().TrimEnd('#').Trim(), "$1");
        return text.Replace("**", string.Empty, StringComparison.Ordinal)
            .Replace("`", string.Empty, StringComparison.Ordinal)
            .Replace("__", string.Empty, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^[a-z_][a-z0-9_\-]*$")]
    private static partial Regex KeyPattern();
}
