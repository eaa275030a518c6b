using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>
/// The designed accounts. Days are relative to the as-of date (2026-11-20 by default), weeks to its week;
/// each account is built so that, scored on that date, the sample shows every band, flag and signal, and
/// so that four weeks later (ShiftWeeks = 4) some get worse and some better.
/// </summary>
internal static class SampleScenarios
{
    public const int FirstNumber = 1001;

    private const string Alex = "alexw@example.com";
    private const string Isaiah = "isaiahl@example.com";
    private const string Grady = "gradya@example.com";
    private const string Johanna = "johannal@example.com";
    private const string Nestor = "nestorw@example.com";
    private const string Megan = "meganb@example.com";
    private const string Lynne = "lynner@example.com";

    public static List<AccountPlan> Create() =>
    [
        Northwind(), Contoso(), Fabrikam(), AdventureWorks(), Tailspin(), Litware(), Woodgrove(), Proseware(), BlueYonder(),
        Coho(), WideWorld(), Margies(), Alpine(), FourthCoffee(), Trey(), Lucerne(), Relecloud(), Humongous(),
    ];

    private static AccountPlan Plan(int number, string name, string industry, Segment segment, AdoptionStage stage, string csm, string sales,
        decimal arr, int seats, int renewalDay, string scenario, params string[] products) => new()
        {
            Number = number,
            Name = name,
            Industry = industry,
            Segment = segment,
            Stage = stage,
            CsmEmail = csm,
            SalesEmail = sales,
            Arr = arr,
            Seats = seats,
            RenewalDay = renewalDay,
            ContractStartDay = renewalDay - (2 * 365),
            Products = products,
            Scenario = scenario,
        };

    private static AccountPlan With(this AccountPlan plan, params ContactPlan[] contacts)
    {
        plan.Contacts.AddRange(contacts);
        return plan;
    }

    private static ContactPlan Sponsor(string name, string title, Sentiment sentiment = Sentiment.Positive, int? left = null) =>
        new(name, title, ContactRole.ExecutiveSponsor, sentiment, left);

    private static ContactPlan Champion(string name, string title, int? left = null) => new(name, title, ContactRole.Champion, Sentiment.Positive, left);

    private static ContactPlan Buyer(string name, string title) => new(name, title, ContactRole.EconomicBuyer, Sentiment.Neutral);

    private static ContactPlan Technical(string name, string title, Sentiment sentiment = Sentiment.Neutral) => new(name, title, ContactRole.TechnicalBuyer, sentiment);

    private static ContactPlan User(string name, string title, Sentiment sentiment = Sentiment.Positive) => new(name, title, ContactRole.EndUser, sentiment);

    private static AccountPlan Northwind()
    {
        var plan = Plan(1001, "Northwind Traders", "Retail", Segment.Enterprise, AdoptionStage.MainStreet, Alex, Megan, 840_000m, 1200, 200,
            "green; seat_expansion and advocate: every seat busy, outcomes met, promoters", "Service Desk", "Knowledge Base", "Automation")
            .With(Sponsor("Marcus Okafor", "Chief Operating Officer"), Champion("Mei Chen", "Director of Support Operations"),
                Buyer("Daniel Brennan", "CFO"), Technical("Ravi Iyer", "IT Director", Sentiment.Positive), User("Hannah Schmidt", "Tier 2 Team Lead"));
        plan.Utilization = _ => 0.955;
        plan.Feature = (55, 78);
        plan.TicketRate = 0.12;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (9, 10);
        plan.Csat = (4, 5);
        plan.Outcomes.Add(new OutcomePlan(0, OutcomeStatus.Achieved, -60));
        plan.Outcomes.Add(new OutcomePlan(4, OutcomeStatus.OnTrack, 90));
        plan.Surveys.Add(new SurveyPlan(-18, SurveyType.Nps, 10, 1, "Automation cut our triage time in half; we want it in the Canadian stores too."));
        plan.Interactions.Add(new InteractionPlan(-9, InteractionType.Meeting, 1,
            "Expansion call with Mei Chen: all 1,200 seats are in use and 150 agents from the Canadian stores are waiting for licenses. Mei asked for a quote for 200 more seats, \"ideally before our January peak\"."));
        return plan;
    }

    private static AccountPlan Contoso()
    {
        var plan = Plan(1002, "Contoso Pharmaceuticals", "Healthcare", Segment.Enterprise, AdoptionStage.Tornado, Alex, Megan, 1_150_000m, 1800, 240,
            "red; champion_left: the champion left 28 days ago and nobody replaced her; detractor", "Service Desk", "Knowledge Base", "Analytics")
            .With(Sponsor("Elena Novak", "SVP Service", Sentiment.Neutral), Champion("Priya Raman", "Director of Support Operations", left: -28),
                Technical("Jonas Lindqvist", "Solutions Architect"), User("Aisha Haddad", "Knowledge Manager"));
        plan.Utilization = w => w < -8 ? 0.8 : 0.8 - (0.015 * (w + 8));
        plan.Feature = (50, 62);
        plan.TicketRate = 0.25;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (7, 10);
        plan.Outcomes.Add(new OutcomePlan(2, OutcomeStatus.OnTrack, 60, ChangeDay: -20, Later: OutcomeStatus.AtRisk));
        plan.Outcomes.Add(new OutcomePlan(5, OutcomeStatus.OnTrack, 150));
        plan.Interactions.Add(new InteractionPlan(-25, InteractionType.Note, 2,
            "Learned from Jonas Lindqvist that Priya Raman, our champion and owner of the rollout, left Contoso on 2026-10-23. No replacement named yet; the knowledge-base migration she drove is paused."));
        plan.Interactions.Add(new InteractionPlan(-12, InteractionType.Call, 0,
            "Asked Elena Novak to nominate a new rollout owner. She will decide after the budget review on 2026-12-03 and wants a summary of what Priya's team had completed."));
        plan.Surveys.Add(new SurveyPlan(-10, SurveyType.Nps, 5, 3, "Since Priya left nobody owns the rollout, and our questions go unanswered."));
        return plan;
    }

    private static AccountPlan Fabrikam()
    {
        var plan = Plan(1003, "Fabrikam Logistics", "Logistics", Segment.MidMarket, AdoptionStage.MainStreet, Alex, Lynne, 186_000m, 320, 200,
            "red; stale_p1: a P1 outage open for 24 days", "Service Desk", "Customer Portal")
            .With(Sponsor("Tomás Alvarez", "VP Customer Operations", Sentiment.Neutral), Champion("Sofia Rossi", "Service Desk Manager"),
                Buyer("Victor Dubois", "VP Finance"), User("Kenji Tanaka", "Support Analyst"));
        plan.Utilization = _ => 0.74;
        plan.TicketRate = 0.2;
        plan.Nps = (7, 9);
        plan.Tickets.Add(new TicketPlan(-24, null, TicketPriority.P1, TicketCategory.Outage, "Email channel stopped ingesting messages for the Rotterdam hub", "P1"));
        plan.Tickets.Add(new TicketPlan(-9, null, TicketPriority.P2, TicketCategory.Bug, "SLA timer does not pause when a ticket is set to pending"));
        plan.Interactions.Add(new InteractionPlan(-22, InteractionType.Escalation, 0,
            "Escalation: {P1} (email ingestion for the Rotterdam hub) still open after two days; Tomás Alvarez called to say orders are piling up. Engineering traced it to a mailbox connector change; fix targeted for the next release."));
        plan.Interactions.Add(new InteractionPlan(-8, InteractionType.Call, 1,
            "Follow-up on {P1} with Sofia Rossi: the workaround (a forwarding rule to a backup inbox) holds, but she needs a date for the permanent fix before peak season."));
        plan.Outcomes.Add(new OutcomePlan(5, OutcomeStatus.OnTrack, 120));
        plan.Outcomes.Add(new OutcomePlan(7, OutcomeStatus.AtRisk, 45));
        return plan;
    }

    private static AccountPlan AdventureWorks()
    {
        var plan = Plan(1004, "Adventure Works Cycles", "Manufacturing", Segment.MidMarket, AdoptionStage.Chasm, Alex, Megan, 142_000m, 260, 130,
            "red; usage_drop (utilization down about 45% on 12 weeks earlier), detractor, 4-week drop of 15+", "Service Desk", "Analytics")
            .With(Sponsor("Nora Gallagher", "VP Customer Operations", Sentiment.Neutral), Champion("Grace Fitzgerald", "Service Desk Manager"),
                Technical("Ethan Mahmoud", "Head of Enterprise Apps"), User("Leah Yamamoto", "Workforce Planner", Sentiment.Neutral));
        plan.Utilization = w => w <= -9 ? 0.76 : 0.76 - (0.045 * (w + 9));
        plan.Feature = (50, 38);
        plan.TicketRate = 0.2;
        plan.InteractionEveryWeeks = 4;
        plan.QuietAfterDay = -35;
        plan.Nps = (7, 9);
        plan.Tickets.Add(new TicketPlan(-20, null, TicketPriority.P2, TicketCategory.Bug, "Analytics export truncates rows beyond 10,000"));
        plan.Tickets.Add(new TicketPlan(-25, -22, TicketPriority.P3, TicketCategory.HowTo, "How to rebuild the weekly backlog report after the upgrade"));
        plan.Tickets.Add(new TicketPlan(-15, -9, TicketPriority.P3, TicketCategory.HowTo, "Dashboards lost their saved filters"));
        plan.Tickets.Add(new TicketPlan(-6, null, TicketPriority.P3, TicketCategory.Bug, "Scheduled reports arrive empty"));
        plan.Tickets.Add(new TicketPlan(-3, null, TicketPriority.P4, TicketCategory.HowTo, "Exporting queue metrics to Excel"));
        plan.Surveys.Add(new SurveyPlan(-12, SurveyType.Nps, 4, 1, "Half my team went back to spreadsheets after the reporting changes."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 90, ChangeDay: -30, Later: OutcomeStatus.AtRisk));
        plan.Outcomes.Add(new OutcomePlan(3, OutcomeStatus.OnTrack, 200));
        return plan;
    }

    private static AccountPlan Tailspin()
    {
        var plan = Plan(1005, "Tailspin Toys", "Retail", Segment.Smb, AdoptionStage.EarlyMarket, Alex, Lynne, 28_500m, 45, 120,
            "red; no_sponsor: the sponsor left in June and the renewal is 120 days away", "Service Desk")
            .With(Sponsor("Oliver Whitaker", "Chief Operating Officer", left: -150), Champion("Zara Osei", "Support Operations Lead"),
                User("Mateo Costa", "Support Analyst"));
        plan.Utilization = _ => 0.68;
        plan.TicketRate = 0.2;
        plan.Interactions.Add(new InteractionPlan(-148, InteractionType.Note, 1,
            "Oliver Whitaker (COO, our executive sponsor) has left Tailspin. Zara Osei says the CEO will take over vendor decisions but has not engaged yet."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 100));
        return plan;
    }

    private static AccountPlan Litware()
    {
        var plan = Plan(1006, "Litware Health", "Healthcare", Segment.MidMarket, AdoptionStage.Tornado, Alex, Megan, 210_000m, 380, 150,
            "yellow; detractor: an NPS of 3 from the nursing informatics director", "Service Desk", "Knowledge Base")
            .With(Sponsor("Naomi Kowalski", "VP Support"), Champion("Felix Costa", "Head of CX Tooling"),
                new ContactPlan("Omar Haddad", "Director of Nursing Informatics", ContactRole.Detractor, Sentiment.Negative),
                User("Isabel Park", "Tier 2 Team Lead"));
        plan.Utilization = _ => 0.6;
        plan.Feature = (40, 50);
        plan.Nps = (6, 8);
        plan.Csat = (3, 4);
        plan.Surveys.Add(new SurveyPlan(-40, SurveyType.Nps, 3, 2, "Too many clicks for simple tasks; nurses are logging calls on paper again."));
        plan.Interactions.Add(new InteractionPlan(-35, InteractionType.Meeting, 2,
            "Met Omar Haddad after his NPS of 3: the intake form has 14 required fields and nurses skip it. Agreed to pilot a 5-field form on two wards."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.AtRisk, 75));
        plan.Outcomes.Add(new OutcomePlan(2, OutcomeStatus.OnTrack, 160));
        return plan;
    }

    private static AccountPlan Woodgrove()
    {
        var plan = Plan(1007, "Woodgrove Bank", "Financial Services", Segment.Enterprise, AdoptionStage.MainStreet, Alex, Lynne, 960_000m, 1500, 300,
            "green; no_contact_60d: healthy usage but nobody has talked to them for 75 days", "Service Desk", "Knowledge Base", "Analytics")
            .With(Sponsor("Samuel Adeyemi", "Chief Customer Officer"), Champion("Chloe Moreau", "Head of CX Tooling"),
                Buyer("Ibrahim Costa", "Procurement Director"), Technical("Amara Novak", "IT Director", Sentiment.Positive));
        plan.Utilization = _ => 0.86;
        plan.Feature = (55, 65);
        plan.TicketRate = 0.15;
        plan.QuietAfterDay = -75;
        plan.Nps = (8, 10);
        plan.Csat = (4, 5);
        plan.Outcomes.Add(new OutcomePlan(3, OutcomeStatus.Achieved, -90));
        plan.Outcomes.Add(new OutcomePlan(6, OutcomeStatus.OnTrack, 120));
        return plan;
    }

    private static AccountPlan Proseware()
    {
        var plan = Plan(1008, "Proseware Inc", "Software", Segment.MidMarket, AdoptionStage.Chasm, Alex, Megan, 96_000m, 150, 45,
            "yellow; renewal_at_risk: renewal in 45 days with half the seats idle", "Service Desk", "Automation")
            .With(Sponsor("Ingrid Sørensen", "VP Support", Sentiment.Neutral), Champion("Diego Castillo", "Support Operations Lead"),
                Buyer("Fatima Rossi", "VP Finance"));
        plan.Utilization = _ => 0.5;
        plan.Feature = (40, 45);
        plan.Nps = (7, 8);
        plan.Csat = (3, 4);
        plan.Interactions.Add(new InteractionPlan(-10, InteractionType.Call, 0,
            "Renewal prep with Ingrid Sørensen: she questions paying for 150 seats while about 75 are active and asked for a 15% discount or a smaller tier."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.AtRisk, 30));
        plan.Outcomes.Add(new OutcomePlan(4, OutcomeStatus.OnTrack, 120));
        return plan;
    }

    private static AccountPlan BlueYonder()
    {
        var plan = Plan(1009, "Blue Yonder Airlines", "Hospitality", Segment.Enterprise, AdoptionStage.MainStreet, Isaiah, Lynne, 720_000m, 1100, 260,
            "green; seat_expansion: busy seats, but one outcome at risk so no advocate", "Service Desk", "Field Service")
            .With(Sponsor("Rafael Iyer", "SVP Service"), Champion("Naomi Brennan", "Service Desk Manager"),
                Technical("Kenji Schmidt", "Solutions Architect"), User("Grace Okafor", "Workforce Planner"));
        plan.Utilization = _ => 0.945;
        plan.Feature = (60, 72);
        plan.TicketRate = 0.2;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (8, 10);
        plan.Outcomes.Add(new OutcomePlan(0, OutcomeStatus.Achieved, -40));
        plan.Outcomes.Add(new OutcomePlan(7, OutcomeStatus.AtRisk, 60));
        return plan;
    }

    private static AccountPlan Coho()
    {
        var plan = Plan(1010, "Coho Winery", "Food & Beverage", Segment.Smb, AdoptionStage.EarlyMarket, Isaiah, Lynne, 14_400m, 20, 210,
            "missing data: no usage telemetry and no surveys, their weight is redistributed", "Service Desk")
            .With(Sponsor("Isabel Bianchi", "Chief Operating Officer"), Champion("Tomás Hughes", "Support Operations Lead"));
        plan.HasUsage = false;
        plan.RoutineSurveys = false;
        plan.TicketRate = 0.1;
        plan.InteractionEveryWeeks = 4;
        plan.Tickets.Add(new TicketPlan(-60, -57, TicketPriority.P4, TicketCategory.HowTo, "Setting up business hours per region"));
        plan.Interactions.Add(new InteractionPlan(-30, InteractionType.Note, 1,
            "Usage telemetry is still not connected: their IT contractor has not installed the connector. Tomás Hughes will chase it after harvest."));
        plan.Outcomes.Add(new OutcomePlan(2, OutcomeStatus.OnTrack, 90));
        return plan;
    }

    private static AccountPlan WideWorld()
    {
        var plan = Plan(1011, "Wide World Importers", "Logistics", Segment.Enterprise, AdoptionStage.Tornado, Isaiah, Megan, 540_000m, 900, 100,
            "yellow; early warning: 4-week drop of 15+ after a P1 (6 days old, not stale yet), two P2s and a detractor; recovers four weeks later", "Service Desk", "Customer Portal", "Automation")
            .With(Sponsor("Rafael Costa", "Chief Operating Officer", Sentiment.Neutral), Champion("Yuki Nakamura", "Service Desk Manager"),
                Technical("Felix Osei", "IT Director"), User("Claire Kaur", "Support Analyst"));
        plan.Utilization = w => w <= -4 ? 0.82 : w <= 0 ? 0.6 - (0.02 * w) : 0.78;
        plan.Feature = (55, 60);
        plan.TicketRate = 0.15;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (8, 10);
        plan.Csat = (4, 5);
        plan.Tickets.Add(new TicketPlan(-6, 3, TicketPriority.P1, TicketCategory.Outage, "Agents at the Singapore hub logged out every few minutes", "P1"));
        plan.Tickets.Add(new TicketPlan(-12, null, TicketPriority.P2, TicketCategory.Bug, "Customer portal shows stale status after agent update"));
        plan.Tickets.Add(new TicketPlan(-4, 10, TicketPriority.P2, TicketCategory.Outage, "Email channel stopped ingesting messages"));
        plan.Interactions.Add(new InteractionPlan(-5, InteractionType.Escalation, 0,
            "Escalation: {P1}, agents at the Singapore hub logged out every few minutes since Tuesday's SSO certificate rotation. Rafael Costa (COO) joined the bridge; a fix is in testing."));
        plan.Surveys.Add(new SurveyPlan(-8, SurveyType.Nps, 6, 1, "Three incidents in two weeks. We need a stable platform before the holiday peak."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 100));
        plan.Outcomes.Add(new OutcomePlan(6, OutcomeStatus.OnTrack, 180, ChangeDay: -10, Later: OutcomeStatus.AtRisk));
        return plan;
    }

    private static AccountPlan Margies()
    {
        var plan = Plan(1012, "Margie's Travel", "Hospitality", Segment.MidMarket, AdoptionStage.Chasm, Grady, Lynne, 120_000m, 240, 60,
            "red by score; renewal_at_risk in 60 days, detractor, negative sponsor", "Service Desk", "Customer Portal")
            .With(Sponsor("Samuel Hughes", "VP Customer Operations", Sentiment.Negative), Champion("Chloe Park", "Service Desk Manager"),
                Buyer("Victor Nakamura", "CFO"), User("Omar Lindqvist", "Support Analyst", Sentiment.Neutral));
        plan.Utilization = w => 0.3 - (0.002 * w);
        plan.Feature = (30, 25);
        plan.TicketRate = 0.5;
        plan.InteractionEveryWeeks = 5;
        plan.Nps = (3, 6);
        plan.Csat = (2, 3);
        plan.Surveys.Add(new SurveyPlan(-20, SurveyType.Nps, 4, 0, "We are paying for seats nobody uses."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.Missed, -30));
        plan.Outcomes.Add(new OutcomePlan(7, OutcomeStatus.AtRisk, 40));
        return plan;
    }

    private static AccountPlan Alpine()
    {
        var plan = Plan(1013, "Alpine Ski House", "Hospitality", Segment.Smb, AdoptionStage.MainStreet, Grady, Megan, 32_000m, 40, 230,
            "green; advocate: outcomes achieved and a promoter NPS of 10", "Service Desk", "Knowledge Base")
            .With(Sponsor("Ingrid Alvarez", "Chief Operating Officer"), Champion("Jonas Park", "Support Operations Lead"), User("Mei Dubois", "Knowledge Manager"));
        plan.Utilization = _ => 0.84;
        plan.Feature = (50, 70);
        plan.TicketRate = 0.15;
        plan.InteractionEveryWeeks = 3;
        plan.Nps = (9, 10);
        plan.Csat = (4, 5);
        plan.Surveys.Add(new SurveyPlan(-30, SurveyType.Nps, 10, 1, "Our seasonal staff were productive on day two thanks to the knowledge base."));
        plan.Outcomes.Add(new OutcomePlan(2, OutcomeStatus.Achieved, -45));
        plan.Outcomes.Add(new OutcomePlan(4, OutcomeStatus.Achieved, -10));
        return plan;
    }

    private static AccountPlan FourthCoffee()
    {
        var plan = Plan(1014, "Fourth Coffee", "Retail", Segment.Smb, AdoptionStage.Tornado, Alex, Lynne, 39_000m, 60, 280,
            "recovering: up 10+ in 4 weeks after the store rollout and a fixed P1", "Service Desk", "Knowledge Base")
            .With(Sponsor("Hannah Costa", "Chief Operating Officer"), Champion("Arjun Tanaka", "Support Operations Lead"), User("Sofia Brennan", "Tier 2 Team Lead"));
        plan.Utilization = w => w <= -4 ? 0.38 : 0.38 + (0.09 * (w + 4));
        plan.Feature = (30, 55);
        plan.TicketRate = 0.15;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (7, 9);
        plan.Tickets.Add(new TicketPlan(-30, -20, TicketPriority.P1, TicketCategory.Outage, "Point-of-sale integration stopped creating tickets", "P1"));
        plan.Interactions.Add(new InteractionPlan(-21, InteractionType.Note, 1,
            "Rollout to the 12 new stores finished; store managers trained in two sessions. {P1} fixed yesterday, Arjun Tanaka confirmed tickets flow again."));
        plan.Outcomes.Add(new OutcomePlan(4, OutcomeStatus.OnTrack, 150));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 200));
        return plan;
    }

    private static AccountPlan Trey()
    {
        var plan = Plan(1015, "Trey Research", "Software", Segment.Enterprise, AdoptionStage.Tornado, Alex, Megan, 455_000m, 700, 170,
            "green now; four weeks later the champion has left and usage slides (champion_left, early warning)", "Service Desk", "Automation", "Analytics")
            .With(Sponsor("Claire Dubois", "Chief Customer Officer"), Champion("Lucas Moreau", "Head of CX Tooling", left: 10),
                Technical("Arjun Kaur", "Solutions Architect"), User("Ethan Rossi", "Support Analyst"));
        plan.Utilization = w => w <= 0 ? 0.84 : 0.84 - (0.07 * w);
        plan.Feature = (50, 68);
        plan.TicketRate = 0.15;
        plan.InteractionEveryWeeks = 2;
        plan.Nps = (8, 10);
        plan.Csat = (4, 5);
        plan.Interactions.Add(new InteractionPlan(12, InteractionType.Note, 2,
            "Lucas Moreau has left Trey Research for a competitor. Arjun Kaur covers day to day but has no mandate for the automation rollout."));
        plan.Surveys.Add(new SurveyPlan(20, SurveyType.Nps, 5, 3, "Nobody has picked up the rollout since Lucas left."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 120));
        plan.Outcomes.Add(new OutcomePlan(3, OutcomeStatus.OnTrack, 200));
        return plan;
    }

    private static AccountPlan Lucerne()
    {
        var plan = Plan(1016, "Lucerne Publishing", "Media", Segment.MidMarket, AdoptionStage.MainStreet, Isaiah, Megan, 132_000m, 220, 210,
            "red now (stale_p1, 18 days); four weeks later the P1 is fixed and usage recovers", "Service Desk", "Knowledge Base")
            .With(Sponsor("Elena Hughes", "VP Support"), Champion("Marcus Lindqvist", "Service Desk Manager"), User("Zara Kowalski", "Support Analyst"));
        plan.Utilization = w => w <= -3 ? 0.72 : w <= 0 ? 0.6 : 0.75;
        plan.Feature = (45, 55);
        plan.TicketRate = 0.2;
        plan.Nps = (7, 9);
        plan.Tickets.Add(new TicketPlan(-18, 5, TicketPriority.P1, TicketCategory.Outage, "Agents logged out every few minutes since the SSO change", "P1"));
        plan.Interactions.Add(new InteractionPlan(-16, InteractionType.Escalation, 0,
            "Escalation: {P1} hits the whole editorial support desk. Elena Hughes asked for daily updates and a root-cause analysis."));
        plan.Interactions.Add(new InteractionPlan(-3, InteractionType.Call, 1,
            "Daily update on {P1} with Marcus Lindqvist: fix deployed to staging, production rollout planned for Tuesday."));
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 100));
        plan.Outcomes.Add(new OutcomePlan(5, OutcomeStatus.AtRisk, 60));
        return plan;
    }

    private static AccountPlan Relecloud()
    {
        var plan = Plan(1017, "Relecloud", "Software", Segment.Smb, AdoptionStage.EarlyMarket, Johanna, Lynne, 26_000m, 35, 320,
            "green now; a P1 opened a week later is still open four weeks later (stale_p1)", "Service Desk")
            .With(Sponsor("Victor Chen", "Chief Customer Officer"), Champion("Leah Haddad", "Support Operations Lead"));
        plan.Utilization = _ => 0.78;
        plan.TicketRate = 0.15;
        plan.Nps = (8, 10);
        plan.Tickets.Add(new TicketPlan(6, null, TicketPriority.P1, TicketCategory.Outage, "Customer portal down for all external users", "P1"));
        plan.Interactions.Add(new InteractionPlan(7, InteractionType.Escalation, 0,
            "Escalation: {P1}, the customer portal is down for all external users. Victor Chen wants an ETA by end of day."));
        plan.Outcomes.Add(new OutcomePlan(4, OutcomeStatus.OnTrack, 180));
        return plan;
    }

    private static AccountPlan Humongous()
    {
        var plan = Plan(1018, "Humongous Insurance", "Financial Services", Segment.Enterprise, AdoptionStage.Chasm, Nestor, Megan, 780_000m, 1300, 190,
            "steady account owned by a manager (access rules)", "Service Desk", "Analytics")
            .With(Sponsor("Daniel Novak", "SVP Service", Sentiment.Neutral), Champion("Priya Whitaker", "Head of CX Tooling"),
                Buyer("Oliver Castillo", "CFO"), Technical("Mei Osei", "IT Director"));
        plan.Utilization = _ => 0.62;
        plan.TicketRate = 0.3;
        plan.Nps = (7, 9);
        plan.Outcomes.Add(new OutcomePlan(1, OutcomeStatus.OnTrack, 100));
        plan.Outcomes.Add(new OutcomePlan(7, OutcomeStatus.AtRisk, 70));
        return plan;
    }
}
