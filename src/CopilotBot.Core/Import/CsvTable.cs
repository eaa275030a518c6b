using System.Globalization;

namespace CopilotBot.Core.Import;

/// <summary>A column of an import file; a required column must be present and non-empty in every row.</summary>
internal sealed record CsvColumn(string Name, bool Required);

/// <summary>The expected shape of one import file.</summary>
internal sealed record CsvFileSpec(string FileName, bool Required, IReadOnlyList<CsvColumn> Columns);

/// <summary>Errors and warnings of one import, in the order found.</summary>
internal sealed class ImportDiagnostics
{
    /// <summary>Beyond this many, errors are counted but not listed: a wrong file can hold a million bad rows.</summary>
    public const int MaxListedErrors = 10_000;

    public List<ImportMessage> Errors { get; } = [];

    public List<ImportMessage> Warnings { get; } = [];

    public int ErrorCount { get; private set; }

    public void Error(string file, int line, string column, string message)
    {
        ErrorCount++;
        if (Errors.Count < MaxListedErrors)
        {
            Errors.Add(new ImportMessage(file, line, column, message));
        }
    }

    public void Warning(string file, int line, string column, string message) =>
        Warnings.Add(new ImportMessage(file, line, column, message));
}

/// <summary>
/// Reads one CSV file of the portfolio row by row, mapping header names (any order, any case) to the
/// spec's columns and turning cells into typed values. Every problem becomes an error naming file, line and
/// column; the accessors return null for a bad or empty cell so the caller can go on and find the next one.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private const int MaxShownValueLength = 60;

    private readonly Utf8CsvReader _reader;
    private readonly ImportDiagnostics _diagnostics;
    private readonly IReadOnlyList<CsvColumn> _columns;
    private readonly int[] _indexes;
    private readonly int _headerFieldCount;
    private int _errorCountAtRowStart;

    private CsvTable(Utf8CsvReader reader, CsvFileSpec spec, ImportDiagnostics diagnostics)
    {
        _reader = reader;
        _diagnostics = diagnostics;
        FileName = spec.FileName;
        _columns = spec.Columns;
        _indexes = new int[spec.Columns.Count];
        Array.Fill(_indexes, -1);

        var errorsBefore = diagnostics.ErrorCount;
        var header = reader.Fields;
        _headerFieldCount = header.Count;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Value.Trim();
            if (!header[i].IsValidUtf8)
            {
                diagnostics.Error(FileName, reader.RecordLine, "(header)", $"column {i + 1}: invalid UTF-8 (save the file as UTF-8)");
                continue;
            }

            var column = spec.Columns.Select((c, index) => (c, index))
                .FirstOrDefault(x => string.Equals(x.c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (column.c is null)
            {
                diagnostics.Warning(FileName, reader.RecordLine, name.Length == 0 ? $"(column {i + 1})" : name, "unknown column, ignored");
            }
            else if (_indexes[column.index] >= 0)
            {
                diagnostics.Error(FileName, reader.RecordLine, column.c.Name, $"column appears twice (columns {_indexes[column.index] + 1} and {i + 1})");
            }
            else
            {
                _indexes[column.index] = i;
            }
        }

        if (reader.RecordProblem is not null)
        {
            diagnostics.Error(FileName, reader.RecordLine, "(header)", reader.RecordProblem);
        }

        for (var c = 0; c < spec.Columns.Count; c++)
        {
            if (_indexes[c] < 0 && spec.Columns[c].Required)
            {
                diagnostics.Error(FileName, reader.RecordLine, spec.Columns[c].Name, "required column is missing");
            }
        }

        HeaderBroken = diagnostics.ErrorCount > errorsBefore;
    }

    public string FileName { get; }

    /// <summary>Data rows read so far (valid or not).</summary>
    public int Rows { get; private set; }

    /// <summary>Physical line the current row starts on.</summary>
    public int Line => _reader.RecordLine;

    /// <summary>The header had an error (e.g. a required column is missing): no row can be trusted.</summary>
    public bool HeaderBroken { get; }

    /// <summary>Whether the current row (or the header) had an error: its record must not be built.</summary>
    public bool RowHasErrors => HeaderBroken || _diagnostics.ErrorCount > _errorCountAtRowStart;

    /// <summary>
    /// Opens <paramref name="spec"/>'s file in <paramref name="folder"/> (file name matched case-insensitively) and
    /// reads its header. Null when the file is absent (an error if required), empty or not UTF-8.
    /// </summary>
    public static CsvTable? Open(string folder, CsvFileSpec spec, ImportDiagnostics diagnostics, out bool found)
    {
        // A directory where the file belongs is a broken folder, not an absent optional file: absent would empty the table.
        if (FindDirectory(folder, spec.FileName) is not null)
        {
            found = true;
            diagnostics.Error(spec.FileName, 0, "(file)", "is a directory, not a file");
            return null;
        }

        var path = FindFile(folder, spec.FileName);
        found = path is not null;
        if (path is null)
        {
            if (spec.Required)
            {
                diagnostics.Error(spec.FileName, 0, "(file)", "required file is missing");
            }

            return null;
        }

        var reader = new Utf8CsvReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
        if (reader.IsUtf16)
        {
            diagnostics.Error(spec.FileName, 1, "(file)", "the file is UTF-16; save it as UTF-8");
            reader.Dispose();
            return null;
        }

        if (!reader.Read())
        {
            diagnostics.Error(spec.FileName, 1, "(header)", "the file is empty; expected a header row");
            reader.Dispose();
            return null;
        }

        return new CsvTable(reader, spec, diagnostics);
    }

    /// <summary>Moves to the next data row; false at the end of the file.</summary>
    public bool ReadRow()
    {
        if (!_reader.Read())
        {
            return false;
        }

        Rows++;
        _errorCountAtRowStart = _diagnostics.ErrorCount;
        if (_reader.RecordProblem is not null)
        {
            RowError("(row)", _reader.RecordProblem);
        }

        if (_reader.Fields.Count != _headerFieldCount)
        {
            RowError("(row)", $"{_reader.Fields.Count} fields, but the header has {_headerFieldCount}");
        }

        return true;
    }

    /// <summary>Reports an error on the current row.</summary>
    public void RowError(string column, string message) => _diagnostics.Error(FileName, Line, column, message);

    /// <summary>Reports an error on the current row.</summary>
    public void Error(CsvColumn column, string message) => RowError(column.Name, message);

    /// <summary>The trimmed cell, or null when empty or absent (an error if the column is required).</summary>
    public string? Text(CsvColumn column)
    {
        var index = _indexes[Ordinal(column)];
        if (index < 0 || index >= _reader.Fields.Count)
        {
            // A missing required column was reported at the header; a short row, by ReadRow.
            return null;
        }

        var field = _reader.Fields[index];
        if (!field.IsValidUtf8)
        {
            Error(column, "invalid UTF-8 (save the file as UTF-8)");
            return null;
        }

        var value = field.Value.Trim();
        if (value.Length > 0)
        {
            return value;
        }

        if (column.Required)
        {
            Error(column, "a value is required");
        }

        return null;
    }

    public DateOnly? Date(CsvColumn column) =>
        Parse<DateOnly>(column, TryParseIsoDate, text => $"{Show(text)} is not a date (expected YYYY-MM-DD)");

    public decimal? Decimal(CsvColumn column) => Parse<decimal>(
        column,
        (string text, out decimal value) =>
            decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value),
        text => $"{Show(text)} is not a number (use '.' for decimals, no thousands separators)");

    public int? Integer(CsvColumn column) => Parse<int>(
        column,
        (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
        text => $"{Show(text)} is not an integer");

    public TEnum? Enum<TEnum>(CsvColumn column)
        where TEnum : struct, Enum =>
        Parse<TEnum>(column, EnumText<TEnum>.TryParse, text => $"unknown value {Show(text)}; expected {EnumText<TEnum>.Expected}");

    /// <summary>Checks <paramref name="value"/> against an inclusive range; reports and returns null outside it.</summary>
    public T? InRange<T>(CsvColumn column, T? value, T min, T max, string rule)
        where T : struct, IComparable<T>
    {
        if (value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0))
        {
            Error(column, $"{v} is out of range: {rule}");
            return null;
        }

        return value;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>A user-supplied value quoted for a message, shortened and on one line.</summary>
    public static string Show(string value)
    {
        var oneLine = value.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxShownValueLength ? $"'{oneLine}'" : $"'{oneLine[..MaxShownValueLength]}...'";
    }

    private T? Parse<T>(CsvColumn column, TryParser<T> tryParse, Func<string, string> describeBadValue)
        where T : struct
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (tryParse(text, out var value))
        {
            return value;
        }

        Error(column, describeBadValue(text));
        return null;
    }

    private delegate bool TryParser<T>(string text, out T value);

    private int Ordinal(CsvColumn column)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (ReferenceEquals(_columns[i], column))
            {
                return i;
            }
        }

        throw new ArgumentException($"{column.Name} is not a column of {FileName}", nameof(column));
    }

    private static bool TryParseIsoDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static string? FindDirectory(string folder, string fileName) =>
        Directory.EnumerateDirectories(folder)
            .FirstOrDefault(p => string.Equals(Path.GetFileName(p), fileName, StringComparison.OrdinalIgnoreCase));

    private static string? FindFile(string folder, string fileName)
    {
        var exact = Path.Combine(folder, fileName);
        if (File.Exists(exact))
        {
            return exact;
        }

        // CRM exports are not consistent about case (Accounts.csv); the format names files in lower case.
        return Directory.EnumerateFiles(folder)
            .FirstOrDefault(p => string.Equals(Path.GetFileName(p), fileName, StringComparison.OrdinalIgnoreCase));
    }
}
