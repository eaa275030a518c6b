using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CopilotBot.Cli;

/// <summary>Where a command writes: tables and colour for people, plain text for JSON and errors.</summary>
internal sealed record CliOutput(IAnsiConsole Console, TextWriter Out, TextWriter Error)
{
    /// <summary>
    /// The output of a run: whatever a command writes, data included (notes, comments, names), reaches the terminal
    /// without control characters, so imported text cannot clear the screen, ring the bell or plant a hyperlink.
    /// The console's own colours are added after this, when it writes the cleaned text.
    /// </summary>
    public static CliOutput Of(IAnsiConsole console, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Pipeline.Attach(new ControlCharacterFilter());
        return new CliOutput(console, new TerminalSafeWriter(output), new TerminalSafeWriter(error));
    }

    /// <summary>Plain, colourless output into writers, as tests and pipes want it.</summary>
    public static CliOutput Plain(TextWriter output, TextWriter error) => Of(
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }),
        output,
        error);

    /// <summary>Text without control characters other than line breaks and tabs (each other one becomes a space).</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnwanted))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(IsUnwanted(c) ? ' ' : c);
        }

        return clean.ToString();
    }

    private static bool IsUnwanted(char c) => char.IsControl(c) && c is not ('\n' or '\r' or '\t');

    /// <summary>Cleans the text of every segment a renderable produces; the console's own control codes pass.</summary>
    private sealed class ControlCharacterFilter : IRenderHook
    {
        public IEnumerable<IRenderable> Process(RenderOptions options, IEnumerable<IRenderable> renderables) =>
            renderables.Select(r => (IRenderable)new Cleaned(r));
    }

    private sealed class Cleaned(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            inner.Render(options, maxWidth).Select(s => s.IsControlCode || s.IsLineBreak ? s : new Segment(Printable(s.Text), s.Style, s.Link));
    }

    private sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(IsUnwanted(value) ? ' ' : value);

        public override void Write(string? value) => inner.Write(value is null ? null : Printable(value));

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : Printable(value));

        public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : Printable(value));

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : Printable(value));

        public override void Flush() => inner.Flush();

        public override Task FlushAsync() => inner.FlushAsync();
    }
}
