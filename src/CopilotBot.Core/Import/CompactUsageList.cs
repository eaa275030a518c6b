using System.Collections;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Import;

/// <summary>
/// Usage rows held as columns of plain values, handing out a <see cref="UsageWeek"/> per access. A 50 MB usage.csv
/// is 1.5 million rows: as records they are 1.5 million long-lived objects that every garbage collection during the
/// import has to trace and copy (seconds of pauses); as columns they are a few arrays the collector never looks into.
/// </summary>
internal sealed class CompactUsageList(IReadOnlyList<string> accountIds) : IReadOnlyList<UsageWeek>
{
    private const int NoSessions = -1;

    private readonly List<int> _line = [];
    private readonly List<int> _account = [];
    private readonly List<int> _weekDay = [];
    private readonly List<int> _activeUsers = [];
    private readonly List<int> _sessions = [];
    private readonly List<decimal?> _featureAdoptionPct = [];
    private int[]? _order;

    public int Count => _account.Count;

    public UsageWeek this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return RowAt(_order?[index] ?? index);
        }
    }

    /// <summary>Adds a row; <paramref name="accountOrdinal"/> indexes the account ids, sessions are never negative.</summary>
    public void Add(int line, int accountOrdinal, DateOnly weekStart, int activeUsers, int? sessions, decimal? featureAdoptionPct)
    {
        _line.Add(line);
        _account.Add(accountOrdinal);
        _weekDay.Add(weekStart.DayNumber);
        _activeUsers.Add(activeUsers);
        _sessions.Add(sessions ?? NoSessions);
        _featureAdoptionPct.Add(featureAdoptionPct);
        _order = null;
    }

    /// <summary>
    /// Orders the rows by account (in account file order), then week, and returns the rows that repeat an account and
    /// week with the line that has it first. Stores keep usage clustered by account and week, and inserting in that
    /// order appends to the index instead of splitting pages all over it; the duplicates come for free, without a
    /// hash set of a million keys.
    /// </summary>
    public List<(int Line, int FirstLine, UsageWeek Row)> SortByAccountAndWeek()
    {
        var keys = new long[Count];
        var order = new int[Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ((long)_account[i] << 32) | (uint)_weekDay[i];
            order[i] = i;
        }

        Array.Sort(keys, order);
        _order = order;

        var duplicates = new List<(int Line, int FirstLine, UsageWeek Row)>();
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var firstLine = order[start..end].Min(i => _line[i]);
                duplicates.AddRange(order[start..end]
                    .Where(i => _line[i] != firstLine)
                    .Select(i => (_line[i], firstLine, RowAt(i))));
            }

            start = end;
        }

        return duplicates;
    }

    private UsageWeek RowAt(int i) => new(
        accountIds[_account[i]],
        DateOnly.FromDayNumber(_weekDay[i]),
        _activeUsers[i],
        _sessions[i] == NoSessions ? null : _sessions[i],
        _featureAdoptionPct[i]);

    public IEnumerator<UsageWeek> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
