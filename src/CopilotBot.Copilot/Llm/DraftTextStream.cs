using System.Globalization;
using System.Text;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// Turns the model's streamed JSON draft (<c>{"sections":[{"title":..,"items":[{"text":..}]}]}</c>) into readable
/// text as it arrives: section titles as headings, item texts as bullets, everything else (citation ids, keys,
/// punctuation) left out. Users watching a Teams stream see the draft being written, not its JSON.
/// </summary>
internal sealed class DraftTextStream
{
    private readonly StringBuilder _key = new();
    private readonly StringBuilder _escape = new();
    private bool _inString;
    private bool _stringIsKey;
    private bool _expectKey = true;
    private string? _emitting;

    /// <summary>The readable text carried by this piece of the stream (may be empty).</summary>
    public string Feed(string piece)
    {
        var output = new StringBuilder();
        foreach (var c in piece)
        {
            if (_inString)
            {
                ReadStringChar(c, output);
                continue;
            }

            switch (c)
            {
                case '"':
                    _inString = true;
                    _stringIsKey = _expectKey;
                    _key.Clear();
                    if (!_stringIsKey && _emitting is not null)
                    {
                        output.Append(_emitting == "title" ? "\n## " : "\n- ");
                    }

                    break;
                case ':':
                    _expectKey = false;
                    break;
                case '{' or ',':
                    _expectKey = true;
                    _emitting = null;
                    break;
                case '[':
                    _expectKey = false;
                    break;
            }
        }

        return output.ToString();
    }

    private void ReadStringChar(char c, StringBuilder output)
    {
        if (_escape.Length > 0)
        {
            _escape.Append(c);
            if (_escape[1] != 'u' || _escape.Length == 6)
            {
                Append(Unescape(_escape.ToString()), output);
                _escape.Clear();
            }

            return;
        }

        if (c == '\\')
        {
            _escape.Append(c);
            return;
        }

        if (c == '"')
        {
            _inString = false;
            if (_stringIsKey)
            {
                var key = _key.ToString();
                _emitting = key is "title" or "text" ? key : null;
            }
            else
            {
                _emitting = null;
            }

            return;
        }

        Append(c.ToString(), output);
    }

    private void Append(string text, StringBuilder output)
    {
        if (_stringIsKey)
        {
            _key.Append(text);
        }
        else if (_emitting is not null)
        {
            output.Append(text);
        }
    }

    private static string Unescape(string escape) => escape[1] switch
    {
        'n' => "\n",
        't' => "\t",
        'r' => string.Empty,
        'b' or 'f' => string.Empty,
        'u' => ((char)int.Parse(escape.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
        _ => escape[1].ToString(),
    };
}
