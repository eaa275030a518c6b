using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>
/// Accounts beyond the designed scenarios, drawn from three archetypes: thriving (about 40%), steady (40%)
/// and struggling (20%). Their flags come from the data, not from design, as in a real book of business.
/// </summary>
internal static class Archetypes
{
    private enum Kind { Thriving, Steady, Struggling }

    private static readonly string[] s_csms = ["alexw@example.com", "alexw@example.com", "alexw@example.com", "isaiahl@example.com", "isaiahl@example.com", "gradya@example.com", "gradya@example.com", "johannal@example.com", "johannal@example.com", "johannal@example.com"];
    private static readonly string[] s_regions = ["North America", "EMEA", "APAC", "LATAM"];
    private static readonly AdoptionStage[] s_stages = [AdoptionStage.EarlyMarket, AdoptionStage.Chasm, AdoptionStage.Tornado, AdoptionStage.MainStreet];

    public static AccountPlan Create(int seed, int number, HashSet<string> names)
    {
        var dice = new Dice(seed, number);
        var roll = dice.Next();
        var kind = roll < 0.4 ? Kind.Thriving : roll < 0.8 ? Kind.Steady : Kind.Struggling;
        var segmentRoll = dice.Next();
        var segment = segmentRoll < 0.25 ? Segment.Enterprise : segmentRoll < 0.7 ? Segment.MidMarket : Segment.Smb;
        var (industry, suffixes) = dice.Pick(SampleText.Industries);
        var name = UniqueName(dice, suffixes, names, number);
        var (seats, pricePerSeat) = segment switch
        {
            Segment.Enterprise => (dice.Next(400, 2500), dice.Next(420, 700)),
            Segment.MidMarket => (dice.Next(80, 400), dice.Next(450, 750)),
            _ => (dice.Next(10, 60), dice.Next(500, 900)),
        };
        var renewal = dice.Next(10, 366);
        var productCount = segment == Segment.Smb ? 1 : dice.Next(1, 4);
        var plan = new AccountPlan
        {
            Number = number,
            Name = name,
            Industry = industry,
            Segment = segment,
            Stage = dice.Pick(s_stages),
            CsmEmail = dice.Pick(s_csms),
            SalesEmail = dice.Next() < 0.5 ? "meganb@example.com" : "lynner@example.com",
            Arr = Math.Round(seats * pricePerSeat / 500m) * 500m,
            Seats = seats,
            RenewalDay = renewal,
            ContractStartDay = renewal - (365 * dice.Next(1, 4)),
            Products = [.. SampleText.Products.Skip(dice.Next(0, 3)).Take(productCount)],
            Scenario = $"archetype {kind.ToString().ToLowerInvariant()}",
        };
        var phase = dice.Next() * 6;
        switch (kind)
        {
            case Kind.Thriving:
                var high = 0.8 + (0.15 * dice.Next());
                plan.Utilization = w => high + (0.02 * Math.Sin((w + phase) / 3));
                plan.Feature = (45 + (20 * dice.Next()), 65 + (25 * dice.Next()));
                plan.TicketRate = 0.2;
                plan.InteractionEveryWeeks = 2;
                plan.Nps = (8, 10);
                plan.Csat = (4, 5);
                break;
            case Kind.Steady:
                var mid = 0.55 + (0.2 * dice.Next());
                plan.Utilization = w => mid + (0.03 * Math.Sin((w + phase) / 3));
                plan.Feature = (35 + (15 * dice.Next()), 45 + (20 * dice.Next()));
                plan.TicketRate = 0.35;
                plan.InteractionEveryWeeks = 3;
                plan.Nps = (6, 9);
                plan.Csat = (3, 5);
                break;
            default:
                var low = 0.3 + (0.2 * dice.Next());
                plan.Utilization = w => low - (0.004 * w);
                plan.Feature = (35 + (10 * dice.Next()), 25 + (10 * dice.Next()));
                plan.TicketRate = 0.6;
                plan.InteractionEveryWeeks = 5;
                plan.QuietAfterDay = dice.Next() < 0.2 ? -dice.Next(62, 100) : int.MaxValue;
                plan.Nps = (3, 8);
                plan.Csat = (2, 4);
                break;
        }
        AddContacts(plan, kind, dice);
        AddOutcomes(plan, kind, dice);
        return plan;
    }

    private static string UniqueName(Dice dice, string[] suffixes, HashSet<string> names, int number)
    {
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var candidate = $"{dice.Pick(SampleText.CompanyPrefixes)} {dice.Pick(suffixes)}";
            if (names.Add(candidate))
            {
                return candidate;
            }
        }
        var fallback = $"{dice.Pick(SampleText.CompanyPrefixes)} {dice.Pick(suffixes)} {dice.Pick(s_regions)} {number}";
        names.Add(fallback);
        return fallback;
    }

    private static string Person(Dice dice) => $"{dice.Pick(SampleText.FirstNames)} {dice.Pick(SampleText.LastNames)}";

    private static void AddContacts(AccountPlan plan, Kind kind, Dice dice)
    {
        var noSponsor = kind == Kind.Struggling && dice.Next() < 0.15;
        if (!noSponsor)
        {
            var sentiment = kind switch
            {
                Kind.Thriving => Sentiment.Positive,
                Kind.Steady => dice.Next() < 0.5 ? Sentiment.Positive : Sentiment.Neutral,
                _ => dice.Next() < 0.35 ? Sentiment.Negative : Sentiment.Neutral,
            };
            plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.SponsorTitles), ContactRole.ExecutiveSponsor, sentiment));
        }
        var championOdds = kind switch { Kind.Thriving => 0.97, Kind.Steady => 0.9, _ => 0.7 };
        if (dice.Next() < championOdds)
        {
            plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.ChampionTitles), ContactRole.Champion, Sentiment.Positive));
        }
        if (plan.Segment != Segment.Smb)
        {
            plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.BuyerTitles), ContactRole.EconomicBuyer, Sentiment.Neutral));
            plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.TechnicalTitles), ContactRole.TechnicalBuyer, dice.Next() < 0.6 ? Sentiment.Positive : Sentiment.Neutral));
        }
        plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.UserTitles), ContactRole.EndUser, kind == Kind.Struggling ? Sentiment.Neutral : Sentiment.Positive));
        if (kind == Kind.Struggling && dice.Next() < 0.4)
        {
            plan.Contacts.Add(new ContactPlan(Person(dice), dice.Pick(SampleText.UserTitles), ContactRole.Detractor, Sentiment.Negative));
        }
    }

    private static void AddOutcomes(AccountPlan plan, Kind kind, Dice dice)
    {
        OutcomeStatus[] pool = kind switch
        {
            Kind.Thriving => [OutcomeStatus.Achieved, OutcomeStatus.OnTrack, OutcomeStatus.OnTrack],
            Kind.Steady => [OutcomeStatus.OnTrack, OutcomeStatus.OnTrack, OutcomeStatus.AtRisk, OutcomeStatus.Achieved],
            _ => [OutcomeStatus.AtRisk, OutcomeStatus.Missed, OutcomeStatus.OnTrack, OutcomeStatus.AtRisk],
        };
        var count = dice.Next(1, 4);
        var first = dice.Next(0, SampleText.Outcomes.Length);
        for (var i = 0; i < count; i++)
        {
            var status = dice.Pick(pool);
            var due = status is OutcomeStatus.Achieved or OutcomeStatus.Missed ? -dice.Next(20, 150) : dice.Next(30, 240);
            plan.Outcomes.Add(new OutcomePlan((first + i) % SampleText.Outcomes.Length, status, due));
        }
    }
}

/// <summary>Sequential draws for one account's fixed attributes (stream 0 of <see cref="SampleNoise"/>).</summary>
internal sealed class Dice(int seed, int account)
{
    private int _index;

    public double Next() => SampleNoise.At(seed, account, 0, _index++);

    public int Next(int lo, int hiExclusive) => lo + (int)(Next() * (hiExclusive - lo));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}
