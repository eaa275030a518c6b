using System.Globalization;
using System.Text;

namespace CopilotBot.Copilot.Llm;

/// <summary>An item of the model's draft, complete with its citations, as read from the stream.</summary>
internal sealed record StreamedItem(string SectionTitle, string Text, IReadOnlyList<string> Citations);

/// <summary>
/// Reads the model's streamed JSON draft (<c>{"sections":[{"title":..,"items":[{"text":..,"citations":[..]}]}]}</c>)
/// as it arrives and hands over each item once it is complete, citations included: only then can it be checked
/// against its sources before anyone sees it. Keys, punctuation and anything else of the JSON are left out.
/// </summary>
internal sealed class DraftTextStream
{
    private readonly Stack<(char Container, string? Key)> _containers = new();
    private readonly StringBuilder _string = new();
    private readonly StringBuilder _escape = new();
    private readonly List<string> _citations = [];
    private bool _inString;
    private bool _stringIsKey;
    private bool _expectKey;
    private string? _key;
    private string? _title;
    private string? _text;

    /// <summary>The items completed by this piece of the stream (often none).</summary>
    public IReadOnlyList<StreamedItem> Feed(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        List<StreamedItem>? completed = null;
        foreach (var c in piece)
        {
            if (_inString)
            {
                ReadStringChar(c);
                continue;
            }

            switch (c)
            {
                case '"':
                    _inString = true;
                    _stringIsKey = InObject && _expectKey;
                    _string.Clear();
                    break;
                case ':':
                    _expectKey = false;
                    break;
                case ',':
                    _expectKey = InObject;
                    break;
                case '{':
                    _containers.Push(('{', _key));
                    _expectKey = true;
                    break;
                case '[':
                    _containers.Push(('[', _key));
                    break;
                case '}':
                    if (_text is not null)
                    {
                        (completed ??= []).Add(new StreamedItem(_title ?? string.Empty, _text, [.. _citations]));
                    }

                    _text = null;
                    _citations.Clear();
                    Close();
                    break;
                case ']':
                    Close();
                    break;
            }
        }

        return completed ?? (IReadOnlyList<StreamedItem>)[];
    }

    private bool InObject => _containers.Count > 0 && _containers.Peek().Container == '{';

    private void Close()
    {
        if (_containers.Count > 0)
        {
            _key = _containers.Pop().Key;
        }

        _expectKey = false;
    }

    private void ReadStringChar(char c)
    {
        if (_escape.Length > 0)
        {
            _escape.Append(c);
            if (_escape[1] != 'u' || _escape.Length == 6)
            {
                _string.Append(Unescape(_escape.ToString()));
                _escape.Clear();
            }

            return;
        }

        if (c == '\\')
        {
            _escape.Append(c);
            return;
        }

        if (c != '"')
        {
            _string.Append(c);
            return;
        }

        _inString = false;
        var value = _string.ToString();
        if (_stringIsKey)
        {
            _key = value;
            return;
        }

        if (InObject && _key == "title")
        {
            _title = value;
        }
        else if (InObject && _key == "text")
        {
            _text = value;
        }
        else if (!InObject && _containers.Count > 0 && _containers.Peek().Key == "citations")
        {
            _citations.Add(value);
        }
    }

    private static string Unescape(string escape) => escape[1] switch
    {
        'n' => "\n",
        't' => "\t",
        'r' or 'b' or 'f' => string.Empty,
        'u' => int.TryParse(escape.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
            ? ((char)code).ToString()
            : string.Empty,
        _ => escape[1].ToString(),
    };
}
