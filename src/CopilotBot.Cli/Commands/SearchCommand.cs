using System.CommandLine;
using System.Globalization;
using CopilotBot.Knowledge;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot search QUERY [--top N] [--mode hybrid|keyword|vector] [--risk R] [--stage S] [--persona P]</c>:
/// playbook passages with score, source, heading path and a one-line excerpt.
/// </summary>
internal static class SearchCommand
{
    private const int ExcerptLength = 90;

    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var query = new Argument<string>("QUERY") { Description = "What you are looking for, in your own words" };
        var top = new Option<int>("--top") { Description = "How many passages (1-100)", DefaultValueFactory = _ => 5 };
        var mode = new Option<string>("--mode") { Description = "hybrid (default), keyword or vector", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong("hybrid", "keyword", "vector");
        var risk = new Option<string[]>("--risk") { Description = "Only playbooks for this risk (health flag or component; repeatable)" };
        var stage = new Option<string[]>("--stage") { Description = "Only playbooks for this adoption stage (repeatable)" };
        var persona = new Option<string[]>("--persona") { Description = "Only playbooks for this persona: csm, sales, manager (repeatable)" };
        var command = new Command("search", "Search the playbooks") { query, top, mode, risk, stage, persona };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var count = parse.GetValue(top);
            if (count is < 1 or > 100)
            {
                throw new Core.InvalidInputException($"--top must be between 1 and 100, not {count}.");
            }

            await IndexCommand.EnsureIndexedAsync(session, cancellationToken).ConfigureAwait(false);
            var filter = new PlaybookFilter(Values(parse.GetValue(risk)), Values(parse.GetValue(stage)), Values(parse.GetValue(persona)));
            var request = new SearchRequest(parse.GetRequiredValue(query), count, filter, Enum.Parse<SearchMode>(parse.GetRequiredValue(mode), ignoreCase: true));
            var hits = await session.Get<IPlaybookSearch>().SearchAsync(request, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                CliJson.Write(output.Out, new
                {
                    request.Query,
                    request.Mode,
                    Hits = hits.Select((h, i) => new { Rank = i + 1, h.Score, h.Source, h.Title, HeadingPath = Headings(h), Excerpt = Excerpt(h.Text), h.Text }),
                });
                return CopilotCli.Ok;
            }

            if (hits.Count == 0)
            {
                await output.Out.WriteLineAsync("No playbook passage matches.").ConfigureAwait(false);
                return CopilotCli.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("#").AddColumn(new TableColumn("score").RightAligned()).AddColumn("source").AddColumn("section").AddColumn("excerpt");
            for (var i = 0; i < hits.Count; i++)
            {
                var hit = hits[i];
                table.AddRow(
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    hit.Score.ToString("0.0000", CultureInfo.InvariantCulture),
                    Markup.Escape(hit.Source),
                    Markup.Escape(string.Join(" > ", Headings(hit))),
                    Markup.Escape(Excerpt(hit.Text)));
            }

            output.Console.Write(table);
            return CopilotCli.Ok;
        });
        return command;
    }

    private static string[]? Values(string[]? given)
    {
        var values = (given ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return values.Length == 0 ? null : values;
    }

    private static IEnumerable<string> Headings(PlaybookHit hit) => hit.HeadingPath.Count > 0 ? hit.HeadingPath : [hit.Title];

    /// <summary>The passage's first words on one line, list markers and emphasis dropped.</summary>
    internal static string Excerpt(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("-" or "*")).Select(w => w.Replace("**", string.Empty, StringComparison.Ordinal)));
        if (line.Length <= ExcerptLength) return line;
        var cut = line.LastIndexOf(' ', ExcerptLength);
        return line[..(cut > 0 ? cut : ExcerptLength)] + " …";
    }
}
