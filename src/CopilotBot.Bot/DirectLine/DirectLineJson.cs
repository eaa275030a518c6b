using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopilotBot.Bot.DirectLine;

internal static class DirectLineJson
{
    /// <summary>camelCase, nulls left out: what Bot Framework clients send and expect.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
