using System.Text;

namespace CopilotBot.Knowledge.Ingestion;

/// <summary>GitHub's heading anchors: lowercase, spaces to hyphens, punctuation other than '-' and '_' dropped.</summary>
public static class HeadingSlug
{
    /// <summary>The anchor GitHub gives a heading with this text (before de-duplication).</summary>
    public static string Create(string heading)
    {
        var builder = new StringBuilder(heading.Length);
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    /// <summary>Hands out anchors for one document, suffixing repeats with -1, -2 as GitHub does.</summary>
    internal sealed class Registry
    {
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

        public string Next(string heading)
        {
            var slug = Create(heading);
            if (!_seen.TryGetValue(slug, out var count))
            {
                _seen[slug] = 1;
                return slug;
            }

            string candidate;
            do
            {
                candidate = $"{slug}-{count++}";
            }
            while (_seen.ContainsKey(candidate));

            _seen[slug] = count;
            _seen[candidate] = 1;
            return candidate;
        }
    }
}
