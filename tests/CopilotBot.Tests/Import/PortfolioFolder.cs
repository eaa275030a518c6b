using System.Text;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Import;

/// <summary>A portfolio folder on disk for import tests: a valid one by default, any file replaceable.</summary>
public sealed class PortfolioFolder : IDisposable
{
    public const string Users = """
        email,name,role,manager_email,aad_object_id
        Morgan@Example.com,Morgan Manager,manager,,
        casey@example.com,Casey CSM,csm,MORGAN@example.com,0000-1
        sam@example.com,Sam Sales,sales,morgan@example.com,

        """;

    public const string Accounts = """
        account_id,name,industry,segment,adoption_stage,csm_email,sales_email,arr,currency,contract_start,renewal_date,licensed_seats,products
        A-100,"Acme, Inc.",Manufacturing,mid_market,chasm,casey@example.com,sam@example.com,120000.50,,2025-01-01,2026-12-31,250,Analytics; Chat
        A-200,Globex,,Enterprise,,casey@example.com,,90000,eur,,2027-03-31,40,

        """;

    public const string Contacts = """
        contact_id,account_id,name,title,email,role,sentiment,last_contact_date,status,left_date
        C-1,A-100,Pat Champion,VP Ops,Pat@Acme.test,champion,positive,2026-03-01,,
        C-2,A-100,Lee Left,,,executive_sponsor,neutral,,left,2026-02-01

        """;

    public const string Usage = """
        account_id,week_start,active_users,sessions,feature_adoption_pct
        A-100,2026-01-05,120,900,45.5
        A-100,2026-01-12,110,,
        A-200,2026-01-05,30,100,20

        """;

    public const string Tickets = """
        ticket_id,account_id,opened_date,closed_date,priority,category,status,subject
        T-1,A-100,2026-02-01,,P1,outage,open,"Login fails, all users"
        T-2,A-200,2026-01-10,2026-01-12,p3,how_to,closed,Export question

        """;

    public const string Surveys = """"
        survey_id,account_id,contact_id,date,type,score,comment
        S-1,A-100,C-1,2026-02-15,nps,3,"Support is slow.
        Very slow, ""really"""
        S-2,A-200,,2026-02-20,csat,5,

        """";

    public const string Interactions = """
        interaction_id,account_id,date,type,author_email,summary
        I-1,A-100,2026-03-02,qbr,casey@example.com,QBR; sponsor absent

        """;

    public const string Outcomes = """
        outcome_id,account_id,goal,metric,baseline,target,current,unit,due_date,status
        O-1,A-100,Cut handling time,minutes per case,12.5,8,10,min,2026-09-30,at_risk

        """;

    private readonly TempDirectory _directory = new();

    public string Path => _directory.Path;

    /// <summary>A folder with all eight files, valid.</summary>
    public static PortfolioFolder Valid()
    {
        var folder = new PortfolioFolder();
        folder.Write("users.csv", Users);
        folder.Write("accounts.csv", Accounts);
        folder.Write("contacts.csv", Contacts);
        folder.Write("usage.csv", Usage);
        folder.Write("tickets.csv", Tickets);
        folder.Write("surveys.csv", Surveys);
        folder.Write("interactions.csv", Interactions);
        folder.Write("outcomes.csv", Outcomes);
        return folder;
    }

    /// <summary>A folder with users.csv and accounts.csv only: enough to test one other file at a time.</summary>
    public static PortfolioFolder Minimal()
    {
        var folder = new PortfolioFolder();
        folder.Write("users.csv", Users);
        folder.Write("accounts.csv", Accounts);
        return folder;
    }

    public PortfolioFolder Write(string file, string text) => WriteBytes(file, Encoding.UTF8.GetBytes(text));

    public PortfolioFolder WriteBytes(string file, byte[] bytes)
    {
        File.WriteAllBytes(System.IO.Path.Combine(Path, file), bytes);
        return this;
    }

    public PortfolioFolder Delete(string file)
    {
        File.Delete(System.IO.Path.Combine(Path, file));
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
