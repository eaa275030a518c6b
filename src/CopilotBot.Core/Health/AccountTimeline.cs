using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Health;

/// <summary>
/// An account's rows sorted and indexed once, so that the score can be taken on the report date and the
/// 13 history dates without sorting or allocating again per date.
/// </summary>
internal sealed class AccountTimeline
{
    public AccountTimeline(AccountData data)
    {
        Data = data;
        Usage = SortedBy(data.Usage, static u => u.WeekStart);
        UsageDays = new int[Usage.Length];
        for (var i = 0; i < Usage.Length; i++)
        {
            UsageDays[i] = Usage[i].WeekStart.DayNumber;
        }
        Interactions = SortedBy(data.Interactions, static x => x.Date);
        InteractionDays = new int[Interactions.Length];
        for (var i = 0; i < Interactions.Length; i++)
        {
            InteractionDays[i] = Interactions[i].Date.DayNumber;
        }
        TicketClosedDays = new int[data.Tickets.Count];
        for (var i = 0; i < data.Tickets.Count; i++)
        {
            TicketClosedDays[i] = ClosedDay(data.Tickets[i]);
        }
        ContractStartDay = data.Account.ContractStart?.DayNumber ?? int.MinValue;
    }

    public AccountData Data { get; }

    public Account Account => Data.Account;

    public UsageWeek[] Usage { get; }

    public int[] UsageDays { get; }

    public Interaction[] Interactions { get; }

    public int[] InteractionDays { get; }

    /// <summary>First day a ticket no longer counts as open (<see cref="int.MaxValue"/> while open).</summary>
    public int[] TicketClosedDays { get; }

    public int ContractStartDay { get; }

    /// <summary>Number of leading entries of a sorted day array that are on or before <paramref name="day"/>.</summary>
    public static int CountOnOrBefore(int[] sortedDays, int day)
    {
        int lo = 0, hi = sortedDays.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sortedDays[mid] <= day)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>
    /// Whether a contact was still at the customer on a day: one who left counts as present until the
    /// day before <c>left_date</c>; one marked left without a date counts as gone on every day.
    /// </summary>
    public static bool IsActiveOn(Contact contact, int day) =>
        contact.Status == ContactStatus.Active || (contact.LeftDate is { } left && left.DayNumber > day);

    public static bool IsOpenOn(Ticket ticket, int closedDay, int day) =>
        ticket.OpenedDate.DayNumber <= day && day < closedDay;

    // A closed_date decides; a ticket marked closed without one counts as closed since it was opened,
    // since nothing tells when it was resolved.
    private static int ClosedDay(Ticket ticket) =>
        ticket.ClosedDate?.DayNumber ?? (ticket.Status == TicketStatus.Closed ? ticket.OpenedDate.DayNumber : int.MaxValue);

    private static T[] SortedBy<T>(IReadOnlyList<T> rows, Func<T, DateOnly> key)
    {
        var sorted = true;
        for (var i = 1; i < rows.Count && sorted; i++)
        {
            sorted = key(rows[i - 1]) <= key(rows[i]);
        }
        return sorted ? [.. rows] : [.. rows.OrderBy(key)];
    }
}
