using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// Reading what channels and clients send: valid JSON with a wrong type in a field we model (a numeric text, a string
/// where an object belongs, null inside a list) is read as best it can be rather than failing the request or, worse,
/// the turn. A number or boolean where text belongs is its text; anything else of the wrong shape is absent.
/// </summary>
internal static class LenientActivityJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ActivityJson.Options);
        options.Converters.Add(new LenientString());
        options.Converters.Add(new LenientScalar<bool>(JsonTokenType.True, JsonTokenType.False));
        options.Converters.Add(new LenientScalar<DateTimeOffset>(JsonTokenType.String));
        options.Converters.Add(new LenientObjectFactory());
        options.Converters.Add(new LenientListFactory());
        return options;
    }

    private sealed class LenientString : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                case JsonTokenType.True or JsonTokenType.False:
                    return reader.GetBoolean() ? "true" : "false";
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A value type read by the default rules when the token has the expected kind; otherwise absent.</summary>
    private sealed class LenientScalar<T>(params JsonTokenType[] accepted) : JsonConverter<T?>
        where T : struct
    {
        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (!accepted.Contains(reader.TokenType))
            {
                reader.Skip();
                return null;
            }

            if (typeof(T) == typeof(bool))
            {
                return (T)(object)reader.GetBoolean();
            }

            return reader.TryGetDateTimeOffset(out var time) ? (T)(object)time
                : DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out time) ? (T)(object)time
                : null;
        }

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }

            JsonSerializer.Serialize(writer, value.Value, ActivityJson.Options);
        }
    }

    /// <summary>Our activity parts (accounts, conversation, attachments, suggested actions): an object, or absent.</summary>
    private sealed class LenientObjectFactory : JsonConverterFactory
    {
        private static readonly Type[] s_types = [typeof(ChannelAccount), typeof(ConversationAccount), typeof(Attachment), typeof(SuggestedActions), typeof(CardAction)];

        public override bool CanConvert(Type typeToConvert) => s_types.Contains(typeToConvert);

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter?)Activator.CreateInstance(typeof(LenientObject<>).MakeGenericType(typeToConvert), options);
    }

    private sealed class LenientObject<T>(JsonSerializerOptions options) : JsonConverter<T>
        where T : class
    {
        // The same lenient rules for the object's own fields, without this converter (which would call itself).
        private readonly JsonSerializerOptions _inner = Without<LenientObjectFactory>(options);

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            var start = reader;
            try
            {
                return JsonSerializer.Deserialize<T>(ref reader, _inner);
            }
            catch (JsonException)
            {
                // e.g. a suggested action without its required fields: skipped whole, from where it began.
                reader = start;
                reader.Skip();
                return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value, ActivityJson.Options);
    }

    /// <summary>A list: an array, or absent; nulls and entries of the wrong shape inside it are left out.</summary>
    private sealed class LenientListFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(List<>);

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter?)Activator.CreateInstance(typeof(LenientList<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));
    }

    private sealed class LenientList<T> : JsonConverter<List<T>>
    {
        private static readonly bool s_isObject = typeof(T) != typeof(string);

        public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null || (s_isObject && reader.TokenType != JsonTokenType.StartObject))
                {
                    reader.Skip();
                    continue;
                }

                if (JsonSerializer.Deserialize<T>(ref reader, options) is { } item)
                {
                    list.Add(item);
                }
            }

            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, ActivityJson.Options);
    }

    private static JsonSerializerOptions Without<TConverter>(JsonSerializerOptions options)
    {
        var copy = new JsonSerializerOptions(options);
        foreach (var converter in copy.Converters.OfType<TConverter>().Cast<JsonConverter>().ToList())
        {
            copy.Converters.Remove(converter);
        }

        return copy;
    }
}

/// <summary>Reading free-form JSON parts of an activity (entities, reactions, channelData) without trusting their shape.</summary>
internal static class JsonParts
{
    /// <summary>The text of a string value; null for anything else (a number, an object, absent).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A member of an object; null when the node is not an object.</summary>
    public static JsonNode? Member(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;
}
