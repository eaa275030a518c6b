using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Core.Alerts;

/// <summary>Early warnings and digests (configuration section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Whether the bot runs detection, delivery and digests on a schedule (imports always detect).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the bot re-runs detection (time-based rules: renewals entering the window) and delivers what is pending.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long "Snooze" puts an alert aside.</summary>
    [Range(1, 90)]
    public int SnoozeDays { get; set; } = 7;

    /// <summary>Alerts open longer than this are listed as unhandled in digests.</summary>
    [Range(1, 90)]
    public int UnhandledAfterDays { get; set; } = 7;

    /// <summary>IANA or Windows time zone the digest times are in.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The weekly digest of each manager (their team's portfolio).</summary>
    [Required]
    public DigestSchedule ManagerDigest { get; set; } = new() { Day = DayOfWeek.Friday, Time = new TimeOnly(16, 0) };

    /// <summary>The weekly digest of each CSM (their accounts).</summary>
    [Required]
    public DigestSchedule CsmDigest { get; set; } = new() { Day = DayOfWeek.Monday, Time = new TimeOnly(8, 0) };
}

/// <summary>When a weekly digest goes out.</summary>
public sealed class DigestSchedule
{
    public bool Enabled { get; set; } = true;

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    public TimeOnly Time { get; set; } = new(8, 0);

    /// <summary>The most recent scheduled moment at or before <paramref name="localNow"/> (the digest period it opens).</summary>
    public DateTime LastSlot(DateTime localNow)
    {
        var slot = localNow.Date.AddDays(-(((int)localNow.DayOfWeek - (int)Day + 7) % 7)).Add(Time.ToTimeSpan());
        return slot > localNow ? slot.AddDays(-7) : slot;
    }
}
