using System.Collections.Frozen;
using CopilotBot.Core.Health;

namespace CopilotBot.Core.Import;

/// <summary>
/// The text form of the domain enums, as DATA-FORMAT.md writes them (<c>mid_market</c>, <c>executive_sponsor</c>,
/// <c>P1</c>; spelled by <see cref="SnakeCase"/>). Import parses it case-insensitively; stores persist it so that
/// data survives enum reordering.
/// </summary>
internal static class EnumText<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] s_values = Enum.GetValues<TEnum>();
    private static readonly FrozenDictionary<TEnum, string> s_text = s_values.ToFrozenDictionary(v => v, v => SnakeCase.Name(v));
    private static readonly FrozenDictionary<string, TEnum> s_byText =
        s_values.ToFrozenDictionary(v => s_text[v], v => v, StringComparer.OrdinalIgnoreCase);

    /// <summary>The allowed values for an error message: <c>a, b or c</c>.</summary>
    public static string Expected { get; } =
        string.Join(", ", s_values[..^1].Select(v => s_text[v])) + " or " + s_text[s_values[^1]];

    public static string Format(TEnum value) => s_text[value];

    public static bool TryParse(string text, out TEnum value) => s_byText.TryGetValue(text, out value);

    public static TEnum Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"unknown {typeof(TEnum).Name} '{text}'");
}
