namespace CopilotBot.Core.Sample;

/// <summary>Names and phrasing the sample draws from, so that it reads like a real CRM export.</summary>
internal static class SampleText
{
    public static readonly string[] CompanyPrefixes =
    [
        "Northwind", "Contoso", "Fabrikam", "Adventure Works", "Tailspin", "Litware", "Woodgrove", "Proseware",
        "Blue Yonder", "Coho", "Wide World", "Margie's", "Alpine", "Fourth Coffee", "Trey", "Lucerne", "Relecloud",
        "Humongous", "Wingtip", "Graphic Design", "Southridge", "City Power", "Consolidated", "Datum", "Bellows",
        "Best For You", "First Up", "School of Fine Art", "VanArsdel", "Nod", "Tasmanian", "Olympia", "Kestrel",
        "Halcyon", "Meridian", "Pinnacle", "Redwood", "Silverline", "Stonebridge", "Summit", "Harbor", "Ironclad",
        "Lakeshore", "Mariner", "Oakridge", "Quarry", "Riverbend", "Sagebrush", "Timberline", "Westfield",
    ];

    public static readonly (string Industry, string[] Suffixes)[] Industries =
    [
        ("Retail", ["Outfitters", "Markets", "Home Goods", "Apparel"]),
        ("Healthcare", ["Health", "Medical Group", "Clinics", "Pharmaceuticals"]),
        ("Financial Services", ["Bank", "Capital", "Insurance", "Credit Union"]),
        ("Manufacturing", ["Industries", "Manufacturing", "Components", "Fabrication"]),
        ("Logistics", ["Logistics", "Freight", "Shipping", "Distribution"]),
        ("Software", ["Software", "Labs", "Systems", "Cloud"]),
        ("Education", ["University", "Learning", "Academy", "College"]),
        ("Hospitality", ["Hotels", "Resorts", "Travel", "Hospitality"]),
        ("Energy", ["Energy", "Power", "Utilities", "Renewables"]),
        ("Media", ["Media", "Publishing", "Studios", "Broadcasting"]),
    ];

    public static readonly string[] Products = ["Service Desk", "Knowledge Base", "Analytics", "Automation", "Customer Portal", "Field Service"];

    public static readonly string[] FirstNames =
    [
        "Priya", "Marcus", "Elena", "Tomás", "Aisha", "Daniel", "Mei", "Oliver", "Fatima", "Lucas", "Hannah", "Kenji",
        "Sofia", "Ibrahim", "Grace", "Mateo", "Chloe", "Arjun", "Nora", "Samuel", "Zara", "Victor", "Leah", "Ravi",
        "Isabel", "Jonas", "Amara", "Ethan", "Yuki", "Diego", "Claire", "Omar", "Ingrid", "Felix", "Naomi", "Rafael",
    ];

    public static readonly string[] LastNames =
    [
        "Raman", "Okafor", "Novak", "Lindqvist", "Haddad", "Brennan", "Chen", "Whitaker", "Castillo", "Moreau",
        "Schmidt", "Tanaka", "Rossi", "Adeyemi", "Fitzgerald", "Alvarez", "Dubois", "Iyer", "Kowalski", "Osei",
        "Park", "Sørensen", "Mahmoud", "Gallagher", "Yamamoto", "Costa", "Nakamura", "Bianchi", "Kaur", "Hughes",
    ];

    public static readonly string[] SponsorTitles = ["VP Customer Operations", "Chief Operating Officer", "SVP Service", "Chief Customer Officer", "VP Support"];
    public static readonly string[] ChampionTitles = ["Director of Support Operations", "Service Desk Manager", "Head of CX Tooling", "Support Operations Lead"];
    public static readonly string[] BuyerTitles = ["CFO", "VP Finance", "Procurement Director"];
    public static readonly string[] TechnicalTitles = ["IT Director", "Solutions Architect", "Head of Enterprise Apps"];
    public static readonly string[] UserTitles = ["Tier 2 Team Lead", "Support Analyst", "Knowledge Manager", "Workforce Planner"];

    public static readonly (Domain.TicketCategory Category, string Subject)[] TicketSubjects =
    [
        (Domain.TicketCategory.Bug, "SLA timer does not pause when a ticket is set to pending"),
        (Domain.TicketCategory.Bug, "Macro drops CC recipients on reply"),
        (Domain.TicketCategory.Bug, "Analytics export truncates rows beyond 10,000"),
        (Domain.TicketCategory.Bug, "Customer portal shows stale status after agent update"),
        (Domain.TicketCategory.Outage, "Email channel stopped ingesting messages"),
        (Domain.TicketCategory.Outage, "Agents logged out every few minutes"),
        (Domain.TicketCategory.HowTo, "How to route VIP tickets to a dedicated queue"),
        (Domain.TicketCategory.HowTo, "Setting up business hours per region"),
        (Domain.TicketCategory.HowTo, "Bulk-importing knowledge articles from SharePoint"),
        (Domain.TicketCategory.FeatureRequest, "Request: conditional fields on the web form"),
        (Domain.TicketCategory.FeatureRequest, "Request: Teams notifications for breached SLAs"),
        (Domain.TicketCategory.Billing, "Invoice lists seats that were removed last quarter"),
        (Domain.TicketCategory.Other, "SSO certificate rotation planned for next month"),
    ];

    public static readonly string[] PromoterComments =
    [
        "The automation rules save my team hours every week.",
        "Support is fast and actually knows the product.",
        "Rolled out to two more regions without a hitch.",
        "Our agents ask for it by name now.",
    ];

    public static readonly string[] PassiveComments =
    [
        "Solid product, but reporting is still clunky.",
        "Works well once set up; onboarding took longer than promised.",
        "Good value, though the admin console needs work.",
    ];

    public static readonly string[] DetractorComments =
    [
        "The outage last month cost us a full day of orders.",
        "Too many clicks for simple tasks, and my agents are frustrated.",
        "We are paying for seats nobody uses.",
    ];

    public static readonly string[] CsatComments = ["Quick fix, thanks.", "Resolved, but it took three follow-ups.", "Clear explanation from the engineer.", "Workaround is fine for now."];

    public static readonly string[] CallTopics =
    [
        "walked through the new routing rules for the EMEA queue",
        "reviewed the backlog of how-to tickets and agreed to publish five knowledge articles",
        "discussed the pilot of the Automation add-on with the billing team",
        "checked adoption of the customer portal after the spring launch",
        "planned training for the new tier 1 hires starting next month",
        "reviewed dashboard requests from the operations leadership",
    ];

    public static readonly string[] NextSteps =
    [
        "send the routing template by Friday",
        "book a working session with their IT team",
        "share the adoption report before the next check-in",
        "set up a sandbox for the automation pilot",
    ];

    /// <summary>A measurable outcome: the goal in the customer's words and the figures it is tracked by.</summary>
    public sealed record OutcomeTemplate(string Goal, string Metric, decimal Baseline, decimal Target, string Unit);

    public static readonly OutcomeTemplate[] Outcomes =
    [
        new("Cut ticket handling time from 12 to 6 hours/week per agent", "Agent hours spent on triage per week", 12m, 6m, "hours/week"),
        new("Raise first-contact resolution to 75%", "Share of tickets solved on first reply", 52m, 75m, "%"),
        new("Onboard new agents in 3 weeks instead of 6", "Weeks until a new agent works the queue alone", 6m, 3m, "weeks"),
        new("Save $250k a year in contractor spend", "Annualized contractor spend avoided", 0m, 250000m, "USD"),
        new("Deflect 30% of tier 1 requests to self-service", "Share of requests solved in the portal", 8m, 30m, "%"),
        new("Cut time to resolve P1 incidents from 9 to 4 hours", "Mean time to resolve P1 incidents", 9m, 4m, "hours"),
        new("Lift CSAT from 3.9 to 4.5", "Average CSAT over the quarter", 3.9m, 4.5m, "points"),
        new("Reduce SLA breaches from 40 to under 10 a month", "SLA breaches per month", 40m, 10m, "breaches/month"),
    ];
}
