using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Drafting;

/// <summary>Who asks for a draft and, for an addressed draft (an e-mail), whom it is for and what about, as asked.</summary>
public sealed record DraftBrief(User? Asker, string? Recipient, string? Purpose)
{
    public static DraftBrief None { get; } = new(null, null, null);
}

/// <summary>The person an addressed draft goes to: a contact of the account, or a colleague from users.csv.</summary>
public sealed record Recipient(string Name, string? Email, string? Title, Contact? Contact, User? Colleague, string Citation)
{
    public string FirstName => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    public bool IsColleague => Colleague is not null;

    /// <summary>"Tomasz Nowak (Director of Operations) &lt;tomasz@…&gt;".</summary>
    public string Describe() => Name + (Title is null ? "" : $" ({Title})") + (Email is null ? "" : $" <{Email}>");

    /// <summary>
    /// Finds <paramref name="said"/> (a name, first name or e-mail, any case) among the account's contacts (active first)
    /// and then our colleagues; with nothing said, the account's main contact (champion, else sponsor, else the most
    /// recently contacted). Null when the name matches nobody: an e-mail to a guessed person is worse than none.
    /// </summary>
    public static Recipient? Resolve(AccountContext ctx, string? said)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrWhiteSpace(said))
        {
            var main = ctx.Situation.Champion ?? ctx.Situation.Sponsor ?? ctx.ActiveContacts.OrderByDescending(c => c.LastContactDate).FirstOrDefault();
            return main is null ? null : FromContact(ctx, main);
        }

        var text = said.Trim();
        bool Matches(string name, string? email) =>
            string.Equals(name, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(email, text, StringComparison.OrdinalIgnoreCase)
            || name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(part => string.Equals(part, text, StringComparison.OrdinalIgnoreCase));

        var contact = ctx.Data.Contacts.OrderBy(c => c.Status).FirstOrDefault(c => Matches(c.Name, c.Email));
        if (contact is not null)
        {
            return FromContact(ctx, contact);
        }

        var colleague = ctx.Users.FirstOrDefault(u => Matches(u.Name, u.Email));
        if (colleague is null)
        {
            return null;
        }

        ctx.Ledger.AddDerived($"{colleague.Name} <{colleague.Email}> is a colleague ({colleague.Role.ToString().ToLowerInvariant()}) in users.csv.");
        return new Recipient(colleague.Name, colleague.Email, null, null, colleague, ctx.CiteAccount());
    }

    private static Recipient FromContact(AccountContext ctx, Contact c) => new(c.Name, c.Email, c.Title, c, null, ctx.Cite(c));
}
