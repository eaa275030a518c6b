using System.Text;
using CopilotBot.Core.Import;

namespace CopilotBot.Tests.Import;

public sealed class Utf8CsvReaderTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void RecordsCarryThePhysicalLineTheyStartOnWhateverTheLineEnds(string eol)
    {
        var text = string.Join(eol, "h1,h2", "a,\"multi", "line, \"\"quoted\"\"\"", "", "b,c", "\"\",\"\"") + eol;

        var records = ReadAll(text);

        Assert.Equal(
            [
                "1: h1|h2",
                $"2: a|multi{eol}line, \"quoted\"",
                "5: b|c",
                "6: |",
            ],
            records);
    }

    [Fact]
    public void TheLastRecordNeedsNoLineEndAndEmptyFieldsAreKept()
    {
        Assert.Equal(["1: a||c|", "2: d"], ReadAll("a,,c,\nd"));
    }

    [Fact]
    public void ABomIsSkippedAndUtf16IsFlagged()
    {
        Assert.Equal(["1: é|x"], ReadAll([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("é,x\n")]));

        using var utf16 = new Utf8CsvReader(new MemoryStream([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a,b")]));
        Assert.True(utf16.IsUtf16);
    }

    [Fact]
    public void InvalidUtf8IsFlaggedPerFieldAndDoesNotStopTheReader()
    {
        using var reader = new Utf8CsvReader(new MemoryStream([(byte)'o', (byte)'k', (byte)',', 0xE9, (byte)'\n', (byte)'n', (byte)'e', (byte)'x', (byte)'t']));

        Assert.True(reader.Read());
        Assert.Equal([true, false], reader.Fields.Select(f => f.IsValidUtf8));
        Assert.True(reader.Read());
        Assert.Equal((2, "next"), (reader.RecordLine, reader.Fields[0].Value));
    }

    [Fact]
    public void FieldsLongerThanTheReadBufferSurvive()
    {
        var longText = new string('x', 200_000);

        Assert.Equal([$"1: {longText}|end", "2: a|b"], ReadAll($"\"{longText}\",end\na,b\n"));
    }

    private static List<string> ReadAll(string text) => ReadAll(Encoding.UTF8.GetBytes(text));

    private static List<string> ReadAll(byte[] bytes)
    {
        using var reader = new Utf8CsvReader(new MemoryStream(bytes));
        var records = new List<string>();
        while (reader.Read())
        {
            Assert.Null(reader.RecordProblem);
            records.Add($"{reader.RecordLine}: {string.Join("|", reader.Fields.Select(f => f.Value))}");
        }

        return records;
    }
}
