using System.CommandLine;
using System.Globalization;
using CopilotBot.Core.Feedback;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot feedback [--top N]</c>: the thumbs up and down people gave the bot's answers, newest first.</summary>
internal static class FeedbackCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var top = new Option<int>("--top") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var command = new Command("feedback", "Feedback given on the bot's answers (Teams and Web Chat thumbs up and down), newest first") { top };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var feedback = await session.Get<IAnswerFeedbackStore>().ListFeedbackAsync(Math.Max(1, parse.GetValue(top)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                CliJson.Write(output.Out, feedback);
                return CopilotCli.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("given").AddColumn("by").AddColumn("reaction").AddColumn("answer").AddColumn("comment");
            foreach (var f in feedback)
            {
                table.AddRow(
                    f.GivenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(f.UserEmail),
                    f.Reaction == "like" ? "[green]👍 like[/]" : "[red]👎 dislike[/]",
                    Markup.Escape($"{f.Kind}{(f.AccountId is null ? "" : " · " + f.AccountId)}") + (f.AnswerId is null ? "" : $"\n[grey]{Markup.Escape(f.AnswerId)}[/]"),
                    Markup.Escape(f.Comment ?? ""));
            }

            output.Console.Write(table);
            output.Console.MarkupLine(CultureInfo.InvariantCulture, "{0} feedback item(s): {1} like, {2} dislike.",
                feedback.Count, feedback.Count(f => f.Reaction == "like"), feedback.Count(f => f.Reaction == "dislike"));
            return CopilotCli.Ok;
        });
        return command;
    }
}
