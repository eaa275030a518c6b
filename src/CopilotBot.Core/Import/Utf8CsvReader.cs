using System.Text;
using System.Text.Unicode;

namespace CopilotBot.Core.Import;

/// <summary>
/// A streaming RFC 4180 reader over raw bytes. It splits on bytes (the delimiters are ASCII, and UTF-8 never
/// uses ASCII bytes inside a multi-byte sequence), so it knows the physical line each record starts on and
/// can tell which field holds invalid UTF-8, which a decoding <see cref="StreamReader"/> cannot.
/// Accepts LF, CRLF and lone CR line ends; skips blank lines.
/// </summary>
internal sealed class Utf8CsvReader : IDisposable
{
    private const byte Comma = (byte)',';
    private const byte Quote = (byte)'"';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferLength;
    private int _bufferPosition;
    private bool _endOfStream;
    private int _line = 1;

    // The bytes of the current record's fields, back to back, and where each field ends.
    private byte[] _fieldBytes = new byte[1024];
    private int _fieldBytesLength;
    private readonly List<int> _fieldEnds = [];
    private readonly List<CsvField> _fields = [];

    public Utf8CsvReader(Stream stream)
    {
        _stream = stream;
        Fill();
        if (StartsWith(0xEF, 0xBB, 0xBF))
        {
            _bufferPosition = 3;
        }
        else if (StartsWith(0xFF, 0xFE) || StartsWith(0xFE, 0xFF))
        {
            IsUtf16 = true;
        }
    }

    /// <summary>The file starts with a UTF-16 byte order mark; it cannot be read as UTF-8.</summary>
    public bool IsUtf16 { get; }

    /// <summary>Physical line (1-based) the last record returned by <see cref="Read"/> starts on.</summary>
    public int RecordLine { get; private set; }

    /// <summary>The fields of the last record returned by <see cref="Read"/>; reused by the next call.</summary>
    public IReadOnlyList<CsvField> Fields => _fields;

    /// <summary>A quoting problem in the last record, or null.</summary>
    public string? RecordProblem { get; private set; }

    /// <summary>Reads the next non-blank record; false at the end of the stream.</summary>
    public bool Read()
    {
        while (ReadRecord())
        {
            if (_fields.Count > 1 || _fields[0].Value.Length > 0 || !_fields[0].IsValidUtf8 || RecordProblem is not null)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _stream.Dispose();

    private bool ReadRecord()
    {
        _fields.Clear();
        _fieldEnds.Clear();
        _fieldBytesLength = 0;
        RecordProblem = null;
        RecordLine = _line;

        var b = Next();
        if (b < 0)
        {
            return false;
        }

        var state = State.FieldStart;
        while (true)
        {
            if (b < 0)
            {
                if (state == State.Quoted)
                {
                    RecordProblem = "unterminated quoted field";
                }

                EndField();
                break;
            }

            var endOfRecord = false;
            switch (state)
            {
                case State.FieldStart:
                case State.Unquoted:
                    if (b == Quote && state == State.FieldStart)
                    {
                        state = State.Quoted;
                    }
                    else if (!Delimits(b, ref state, ref endOfRecord))
                    {
                        // A quote inside an unquoted field is kept literally, as most CSV readers do.
                        Append((byte)b);
                        state = State.Unquoted;
                    }

                    break;

                case State.Quoted:
                    if (b == Quote)
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        Append((byte)b);
                        if (b == Lf || (b == Cr && Peek() != Lf))
                        {
                            _line++;
                        }
                    }

                    break;

                case State.QuoteInQuoted:
                    if (b == Quote)
                    {
                        Append(Quote);
                        state = State.Quoted;
                    }
                    else if (!Delimits(b, ref state, ref endOfRecord))
                    {
                        RecordProblem ??= "unexpected character after a closing quote";
                        Append((byte)b);
                        state = State.Unquoted;
                    }

                    break;
            }

            if (endOfRecord)
            {
                EndField();
                break;
            }

            b = Next();
        }

        DecodeFields();
        return true;
    }

    /// <summary>Outside quotes, a comma ends the field and a line break the record.</summary>
    private bool Delimits(int b, ref State state, ref bool endOfRecord)
    {
        if (b == Comma)
        {
            EndField();
            state = State.FieldStart;
            return true;
        }

        if (b is Cr or Lf)
        {
            EndOfLine(b);
            endOfRecord = true;
            return true;
        }

        return false;
    }

    private void EndOfLine(int b)
    {
        if (b == Cr && Peek() == Lf)
        {
            _bufferPosition++;
        }

        _line++;
    }

    private void EndField() => _fieldEnds.Add(_fieldBytesLength);

    private void DecodeFields()
    {
        var start = 0;
        foreach (var end in _fieldEnds)
        {
            var bytes = _fieldBytes.AsSpan(start, end - start);
            _fields.Add(Utf8.IsValid(bytes)
                ? new CsvField(Encoding.UTF8.GetString(bytes), true)
                : new CsvField(string.Empty, false));
            start = end;
        }
    }

    private void Append(byte b)
    {
        if (_fieldBytesLength == _fieldBytes.Length)
        {
            Array.Resize(ref _fieldBytes, _fieldBytes.Length * 2);
        }

        _fieldBytes[_fieldBytesLength++] = b;
    }

    private int Next()
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            return -1;
        }

        return _buffer[_bufferPosition++];
    }

    private int Peek()
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            return -1;
        }

        return _buffer[_bufferPosition];
    }

    private bool Fill()
    {
        if (_endOfStream)
        {
            return false;
        }

        _bufferLength = _stream.ReadAtLeast(_buffer, _buffer.Length, throwOnEndOfStream: false);
        _bufferPosition = 0;
        _endOfStream = _bufferLength < _buffer.Length;
        return _bufferLength > 0;
    }

    private bool StartsWith(params ReadOnlySpan<byte> prefix) =>
        _bufferLength >= prefix.Length && _buffer.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }
}

/// <summary>One decoded field; <paramref name="IsValidUtf8"/> is false when its bytes were not UTF-8.</summary>
internal readonly record struct CsvField(string Value, bool IsValidUtf8);
