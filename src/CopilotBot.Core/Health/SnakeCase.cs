using System.Collections.Concurrent;
using System.Text;

namespace CopilotBot.Core.Health;

/// <summary>Enum values as DATA-FORMAT.md spells them (<c>MidMarket</c> → <c>mid_market</c>, <c>P1</c> → <c>P1</c>).</summary>
internal static class SnakeCase
{
    private static readonly ConcurrentDictionary<Enum, string> s_names = new();

    public static string Name(Enum value) => s_names.GetOrAdd(value, static v => Convert(v.ToString()));

    private static string Convert(string name)
    {
        // Ticket priorities keep their upper-case form in the data format.
        if (name.Length == 2 && name[0] == 'P' && char.IsDigit(name[1]))
        {
            return name;
        }
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
