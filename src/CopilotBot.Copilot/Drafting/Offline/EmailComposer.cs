using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// An e-mail or Teams message to a contact of the account or a colleague: the recipient resolved by name, a subject,
/// and a body grounded in the account's situation. To a customer it speaks of their requests, tickets and goals,
/// never of our internal scores or labels; to a colleague it may name the cause and the numbers plainly.
/// </summary>
internal static class EmailComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var s = ctx.Situation;
        var account = ctx.CiteAccount();
        var mail = new DraftBuilder();
        var to = ctx.Recipient;
        var purpose = Purpose(ctx.Brief.Purpose);
        var sender = ctx.Brief.Asker?.Name ?? ctx.UserName(a.CsmEmail);
        var senderFirst = sender.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? sender;
        var sendBy = ctx.AsOf.AddDays(1);
        ctx.Ledger.PlanWindow = (ctx.AsOf, ctx.AsOf.AddDays(Math.Max(ctx.DaysToRenewal, 90)));

        mail.Section(DraftCatalogue.AtAGlance);
        if (to is null)
        {
            // Nobody by that name: say so rather than write to a guessed person.
            var said = ctx.Brief.Recipient?.Trim() ?? "the recipient";
            mail.Item($"I could not find \"{said}\" among the contacts of {a.Name} or your colleagues.", account);
            mail.Item($"Its contacts: {string.Join(", ", ctx.ActiveContacts.Take(6).Select(c => c.Name))}.", [account, .. ctx.ActiveContacts.Take(6).Select(ctx.Cite)]);
            mail.Item("Name one of them (or a colleague) and ask again.", account);
            return mail.Build();
        }

        mail.Item($"To {to.Name}{(to.Title is null ? "" : $" ({to.Title})")}{(to.IsColleague ? ", a colleague" : $" at {a.Name}")}, {purpose.About}.", [to.Citation]);
        mail.Item(to.IsColleague ? $"Context: {s.CauseLine()}." : $"Context for you, not for the e-mail: {s.CauseLine()}.", s.CauseCitations());
        mail.Item($"Send by {Format.Date(sendBy)}.", account);

        mail.Section("To");
        mail.Item(to.Describe(), to.Citation);

        mail.Section("Subject");
        mail.Item($"{a.Name}: {purpose.Subject}", account);

        mail.Section("Message");
        mail.Item($"Hi {to.FirstName},", to.Citation);
        foreach (var (line, ids) in Body(ctx, to))
        {
            mail.Item(line, ids);
        }

        mail.Item($"I am {purpose.Ask}.", account);
        mail.Item($"Thanks, {senderFirst}", account);

        mail.Section("Why this message");
        foreach (var r in s.Requests.Take(2))
        {
            mail.Item($"Open request ({Format.Date(r.Said)}): \"{Situation.Shorten(r.Text)}\".", r.Citation);
        }

        mail.Item($"Renewal {ctx.RenewalDistance} ({Format.Date(a.RenewalDate)}).", account);
        return mail.Build();
    }

    /// <summary>The body's middle: what the recipient already knows is open, so the ask lands on shared ground.</summary>
    private static IEnumerable<(string Line, IReadOnlyList<string> Ids)> Body(AccountContext ctx, Recipient to)
    {
        var s = ctx.Situation;
        if (to.IsColleague)
        {
            yield return ($"{ctx.Account.Name} renews {ctx.RenewalDistance}; {s.CauseLine()}.", [ctx.CiteAccount(), .. s.CauseCitations()]);
            if (Plays.Actions(ctx).FirstOrDefault() is { } next)
            {
                yield return ($"What I think comes first: {next.Text}", next.Citations);
            }

            yield break;
        }

        // To the customer: their own words and open items, never our scores, bands or flags.
        if (s.Requests.FirstOrDefault() is { } request)
        {
            yield return ($"Following up on your request: \"{Situation.Shorten(request.Text)}\"; I am on it.", [request.Citation]);
        }

        var ticket = ctx.OpenTickets.FirstOrDefault(t => t.Priority <= TicketPriority.P2);
        if (ticket is not null)
        {
            yield return ($"On {ticket.TicketId} (\"{ticket.Subject}\"): I will bring the latest from our engineers.", [ctx.Cite(ticket)]);
        }
        else if (ctx.Data.Outcomes.FirstOrDefault(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.OnTrack) is { } goal)
        {
            yield return ($"I would also like to check progress on \"{goal.Goal}\" with you.", [ctx.Cite(goal)]);
        }
    }

    private sealed record PurposeText(string About, string Subject, string Ask);

    /// <summary>The asker's purpose as the e-mail's subject and ask: "asking for a call next week" asks for a call next week.</summary>
    private static PurposeText Purpose(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose))
        {
            return new("to agree the next step", "next steps", "writing to agree the next step with you");
        }

        var text = purpose.Trim().TrimEnd('.', '!');
        var bare = text;
        foreach (var lead in (string[])["asking for ", "asking ", "to ask for ", "to ask ", "about ", "re: ", "regarding ", "for "])
        {
            if (bare.StartsWith(lead, StringComparison.OrdinalIgnoreCase))
            {
                bare = bare[lead.Length..];
                break;
            }
        }

        var subject = bare.Length == 0 ? "next steps" : char.ToUpperInvariant(bare[0]) + bare[1..];
        var ask = text.StartsWith("asking", StringComparison.OrdinalIgnoreCase) ? "writing " + text : $"writing about {bare}";
        return new(text, subject, ask);
    }
}
