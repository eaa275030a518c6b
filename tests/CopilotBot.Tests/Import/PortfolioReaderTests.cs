using System.Text;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;

namespace CopilotBot.Tests.Import;

public sealed class PortfolioReaderTests
{
    private static readonly PortfolioReader s_reader = new(TimeProvider.System);

    [Fact]
    public void AValidFolderReadsEveryFileWithDefaultsAndNormalisedValues()
    {
        using var folder = PortfolioFolder.Valid();

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(
            ["users.csv 3", "accounts.csv 2", "contacts.csv 2", "usage.csv 3", "tickets.csv 2", "surveys.csv 2", "interactions.csv 1", "outcomes.csv 1"],
            result.Files.Select(f => $"{f.File} {f.Rows}"));
        Assert.NotNull(portfolio);

        Assert.Equal(["morgan@example.com", "casey@example.com", "sam@example.com"], portfolio.Users.Select(u => u.Email));
        Assert.Equal("morgan@example.com", portfolio.Users[1].ManagerEmail);
        Assert.Equal("0000-1", portfolio.Users[1].AadObjectId);

        var acme = portfolio.Accounts[0];
        Assert.Equal(("Acme, Inc.", Segment.MidMarket, AdoptionStage.Chasm, 120000.50m, "USD"), (acme.Name, acme.Segment, acme.AdoptionStage, acme.Arr, acme.Currency));
        Assert.Equal(["Analytics", "Chat"], acme.Products);
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), 250), (acme.ContractStart, acme.RenewalDate, acme.LicensedSeats));
        var globex = portfolio.Accounts[1];
        Assert.Equal((Segment.Enterprise, (AdoptionStage?)null, "EUR", (string?)null, (string?)null), (globex.Segment, globex.AdoptionStage, globex.Currency, globex.Industry, globex.SalesEmail));
        Assert.Empty(globex.Products);

        Assert.Equal(
            new Contact("C-1", "A-100", "Pat Champion", "VP Ops", "pat@acme.test", ContactRole.Champion, Sentiment.Positive, new DateOnly(2026, 3, 1), ContactStatus.Active, null),
            portfolio.Contacts[0]);
        Assert.Equal((ContactStatus.Left, new DateOnly(2026, 2, 1)), (portfolio.Contacts[1].Status, portfolio.Contacts[1].LeftDate));
        Assert.Equal(new UsageWeek("A-100", new DateOnly(2026, 1, 12), 110, null, null), portfolio.Usage[1]);
        Assert.Equal(45.5m, portfolio.Usage[0].FeatureAdoptionPct);
        Assert.Equal((TicketPriority.P3, TicketCategory.HowTo, TicketStatus.Closed), (portfolio.Tickets[1].Priority, portfolio.Tickets[1].Category, portfolio.Tickets[1].Status));
        Assert.Equal("Login fails, all users", portfolio.Tickets[0].Subject);
        Assert.Equal("Support is slow.\nVery slow, \"really\"", portfolio.Surveys[0].Comment);
        Assert.Equal((SurveyType.Csat, 5, (string?)null), (portfolio.Surveys[1].Type, portfolio.Surveys[1].Score, portfolio.Surveys[1].ContactId));
        Assert.Equal(new Interaction("I-1", "A-100", new DateOnly(2026, 3, 2), InteractionType.Qbr, "casey@example.com", "QBR; sponsor absent"), portfolio.Interactions[0]);
        Assert.Equal(
            new Outcome("O-1", "A-100", "Cut handling time", "minutes per case", 12.5m, 8m, 10m, "min", new DateOnly(2026, 9, 30), OutcomeStatus.AtRisk),
            portfolio.Outcomes[0]);
    }

    [Fact]
    public void OnlyUsersAndAccountsAreRequired()
    {
        using var folder = PortfolioFolder.Minimal();

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.True(result.Succeeded);
        Assert.Equal(2, portfolio!.Accounts.Count);
        Assert.Empty(portfolio.Usage);
        Assert.Equal([true, true, false, false, false, false, false, false], result.Files.Select(f => f.Found));
    }

    [Fact]
    public void HeadersMatchInAnyOrderAndCaseAndFileNamesInAnyCase()
    {
        using var folder = PortfolioFolder.Minimal().Delete("accounts.csv").Write("Accounts.CSV", """
            Licensed_Seats,RENEWAL_DATE,Arr,CSM_Email,Name,Account_Id
            12,2026-06-30,1000.25,casey@example.com,Initech,A-1

            """);

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Empty(result.Errors);
        var account = Assert.Single(portfolio!.Accounts);
        Assert.Equal(("A-1", "Initech", "casey@example.com", 1000.25m, new DateOnly(2026, 6, 30), 12), (account.AccountId, account.Name, account.CsmEmail, account.Arr, account.RenewalDate, account.LicensedSeats));
    }

    [Fact]
    public void AByteOrderMarkAndCrLfLineEndsAreAccepted()
    {
        using var folder = PortfolioFolder.Minimal();
        folder.WriteBytes("accounts.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(PortfolioFolder.Accounts.ReplaceLineEndings("\r\n"))]);

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(["A-100", "A-200"], portfolio!.Accounts.Select(a => a.AccountId));
        Assert.Equal(["Analytics", "Chat"], portfolio.Accounts[0].Products);
    }

    [Fact]
    public void UnknownColumnsAreIgnoredWithAWarning()
    {
        using var folder = PortfolioFolder.Minimal().Write("usage.csv", """
            account_id,week_start,tier,active_users,,notes
            A-100,2026-01-05,gold,12,,x
            A-100,2026-01-13,gold,12,,x

            """);

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                "usage.csv:1: tier: unknown column, ignored",
                "usage.csv:1: (column 5): unknown column, ignored",
                "usage.csv:1: notes: unknown column, ignored",
                "usage.csv:3: week_start: 1 row(s) have a week_start that is not a Monday (first on this line); weeks are kept as given",
            ],
            result.Warnings.Select(w => w.ToString()));
        Assert.Equal(2, portfolio!.Usage.Count);
    }

    [Fact]
    public void EveryAccountErrorIsReportedWithFileLineAndColumn()
    {
        using var folder = PortfolioFolder.Minimal().Write("accounts.csv", """
            account_id,name,segment,csm_email,arr,renewal_date,licensed_seats,currency
            A-100,Acme,mid_market,casey@example.com,100,2026-12-31,10,usd
            A-101,,gold,casey@example.com,1e5,2026-13-01,0,
            A-102,Beta,smb,Nobody@example.com,"1,000",2026-12-31,12.5,dollars
            A-100,Dup,smb,casey@example.com,-5,2026-02-30,5,

            """);

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Null(portfolio);
        Assert.Equal(
            [
                "accounts.csv:3: name: a value is required",
                "accounts.csv:3: segment: unknown value 'gold'; expected enterprise, mid_market or smb",
                "accounts.csv:3: arr: '1e5' is not a number (use '.' for decimals, no thousands separators)",
                "accounts.csv:3: renewal_date: '2026-13-01' is not a date (expected YYYY-MM-DD)",
                "accounts.csv:3: licensed_seats: 0 is out of range: must be greater than 0",
                "accounts.csv:4: csm_email: unknown user 'nobody@example.com'",
                "accounts.csv:4: arr: '1,000' is not a number (use '.' for decimals, no thousands separators)",
                "accounts.csv:4: currency: 'dollars' is not an ISO 4217 code (three letters, e.g. USD)",
                "accounts.csv:4: licensed_seats: '12.5' is not an integer",
                "accounts.csv:5: arr: -5 is out of range: must not be negative",
                "accounts.csv:5: renewal_date: '2026-02-30' is not a date (expected YYYY-MM-DD)",
                "accounts.csv:5: account_id: duplicate account 'A-100' (first on line 2)",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(12, result.ErrorCount);
        Assert.Equal(4, result.RowsOf("accounts.csv"));
    }

    [Fact]
    public void UserErrorsIncludeDuplicateEmailsUnknownManagersAndManagerLoops()
    {
        using var folder = PortfolioFolder.Minimal().Write("users.csv", """
            email,name,role,manager_email
            boss@example.com,Boss,manager,ghost@example.com
            casey@example.com,Casey,csm,boss@example.com
            CASEY@example.com,Casey again,csm,
            b@example.com,B,ceo,
            c@example.com,C,csm,d@example.com
            d@example.com,D,csm,c@example.com
            sam@example.com,Sam,sales,sam@example.com

            """);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            [
                "users.csv:2: manager_email: unknown user 'ghost@example.com'",
                "users.csv:4: email: duplicate user 'casey@example.com' (first on line 3)",
                "users.csv:5: role: unknown value 'ceo'; expected csm, sales, manager or admin",
                "users.csv:6: manager_email: the manager chain loops: c@example.com -> d@example.com -> c@example.com",
                "users.csv:7: manager_email: the manager chain loops: d@example.com -> c@example.com -> d@example.com",
                "users.csv:8: manager_email: the manager chain loops: sam@example.com -> sam@example.com",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ReferenceRangeAndEnumErrorsAreReportedAcrossFiles()
    {
        using var folder = PortfolioFolder.Minimal()
            .Write("contacts.csv", """
                contact_id,account_id,name,role,status
                C-1,A-100,Pat,champion,
                C-2,A-999,Lee,boss,gone
                C-1,A-100,Dup,,
                C-3,A-200,Kim,,

                """)
            .Write("usage.csv", """
                account_id,week_start,active_users,sessions,feature_adoption_pct
                A-100,2026-01-05,10,5,101
                A-100,2026-01-05,10,-1,50
                A-404,2026-01-12,,,

                """)
            .Write("tickets.csv", """
                ticket_id,account_id,opened_date,priority,status,subject
                T-1,A-100,2026/02/01,P5,open,x
                T-2,A-100,2026-02-01,P2,closed,

                """)
            .Write("surveys.csv", """
                survey_id,account_id,contact_id,date,type,score
                S-1,A-100,C-9,2026-02-01,nps,11
                S-2,A-100,,2026-02-01,csat,0
                S-3,A-100,,2026-02-01,ces,3
                S-4,A-100,C-3,2026-02-01,nps,10
                S-5,A-100,C-1,2026-02-01,nps,x

                """)
            .Write("interactions.csv", """
                interaction_id,account_id,date,type,summary
                I-1,B-1,2026-03-02,call,ok

                """)
            .Write("outcomes.csv", """
                outcome_id,account_id,goal,baseline,status
                O-1,A-100,Faster,1.5.2,done

                """);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            [
                "contacts.csv:3: account_id: unknown account 'A-999'",
                "contacts.csv:3: role: unknown value 'boss'; expected executive_sponsor, champion, economic_buyer, technical_buyer, end_user or detractor",
                "contacts.csv:3: status: unknown value 'gone'; expected active or left",
                "contacts.csv:4: contact_id: duplicate contact 'C-1' (first on line 2)",
                "usage.csv:2: feature_adoption_pct: 101 is out of range: must be 0-100",
                "usage.csv:3: sessions: -1 is out of range: must not be negative",
                "usage.csv:3: week_start: duplicate week 2026-01-05 for account 'A-100' (first on line 2)",
                "usage.csv:4: account_id: unknown account 'A-404'",
                "usage.csv:4: active_users: a value is required",
                "tickets.csv:2: opened_date: '2026/02/01' is not a date (expected YYYY-MM-DD)",
                "tickets.csv:2: priority: unknown value 'P5'; expected P1, P2, P3 or P4",
                "tickets.csv:3: subject: a value is required",
                "surveys.csv:2: score: 11 is out of range: NPS scores are 0-10",
                "surveys.csv:2: contact_id: unknown contact 'C-9'",
                "surveys.csv:3: score: 0 is out of range: CSAT scores are 1-5",
                "surveys.csv:4: type: unknown value 'ces'; expected nps or csat",
                "surveys.csv:5: contact_id: contact 'C-3' belongs to account 'A-200', not 'A-100'",
                "surveys.csv:6: score: 'x' is not an integer",
                "interactions.csv:2: account_id: unknown account 'B-1'",
                "outcomes.csv:2: baseline: '1.5.2' is not a number (use '.' for decimals, no thousands separators)",
                "outcomes.csv:2: status: unknown value 'done'; expected on_track, at_risk, achieved or missed",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void MissingRequiredColumnsAreReportedOnTheHeaderLineOnce()
    {
        using var folder = PortfolioFolder.Minimal().Write("tickets.csv", """
            ticket_id,account_id,opened_date,priority
            T-1,A-100,2026-02-01,P1
            T-2,A-100,2026-02-01,P1

            """);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            ["tickets.csv:1: status: required column is missing", "tickets.csv:1: subject: required column is missing"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void AColumnNamedTwiceIsAnError()
    {
        using var folder = PortfolioFolder.Minimal().Write("usage.csv", """
            account_id,week_start,active_users,Active_Users
            A-100,2026-01-05,1,2

            """);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(["usage.csv:1: active_users: column appears twice (columns 3 and 4)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void AMissingRequiredFileIsOneErrorNotOnePerReference()
    {
        using var folder = PortfolioFolder.Minimal().Delete("users.csv");

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(["users.csv:0: (file): required file is missing"], result.Errors.Select(e => e.ToString()));
        Assert.False(result.Files[0].Found);
    }

    [Fact]
    public void AMissingFolderIsAnError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "copilotbot-tests", "no-such-folder-" + Guid.NewGuid().ToString("N"));

        var result = s_reader.Read(missing).Result;

        Assert.Equal([$"{missing}:0: (folder): folder not found"], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\n', (byte)'\r', (byte)'\n' })]
    public void AnEmptyFileIsAnError(byte[] content)
    {
        using var folder = PortfolioFolder.Valid().WriteBytes("contacts.csv", content).WriteBytes("accounts.csv", content);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            ["accounts.csv:1: (header): the file is empty; expected a header row", "contacts.csv:1: (header): the file is empty; expected a header row"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Latin1BytesAreReportedPerFieldAndLine()
    {
        using var folder = PortfolioFolder.Minimal();
        var latin1 = Encoding.Latin1.GetBytes("""
            account_id,name,industry,csm_email,arr,renewal_date,licensed_seats
            A-1,Acme,Retail,casey@example.com,1,2026-12-31,1
            A-2,Société Générale,Banque,casey@example.com,1,2026-12-31,1
            A-3,Nestlé,Agroalimentaire,casey@example.com,1,2026-12-31,1

            """);
        folder.WriteBytes("accounts.csv", latin1);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            ["accounts.csv:3: name: invalid UTF-8 (save the file as UTF-8)", "accounts.csv:4: name: invalid UTF-8 (save the file as UTF-8)"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Utf16IsRecognisedAndRefused()
    {
        using var folder = PortfolioFolder.Minimal();
        folder.WriteBytes("accounts.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(PortfolioFolder.Accounts)]);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(["accounts.csv:1: (file): the file is UTF-16; save it as UTF-8"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void LineNumbersArePhysicalLinesWhenQuotedFieldsSpanLines()
    {
        using var folder = PortfolioFolder.Minimal().Write("interactions.csv", """"
            interaction_id,account_id,date,type,summary
            I-1,A-100,2026-03-02,call,"line one
            line two, with a comma
            line ""three"""
            I-2,A-100,2026-03-03,chat,ok

            I-3,A-100,2026-03-03,"mail",ok

            """");

        var (portfolio, result) = s_reader.Read(folder.Path);

        Assert.Equal(
            [
                "interactions.csv:5: type: unknown value 'chat'; expected call, meeting, email, qbr, escalation or note",
                "interactions.csv:7: type: unknown value 'mail'; expected call, meeting, email, qbr, escalation or note",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(3, result.RowsOf("interactions.csv"));
    }

    [Fact]
    public void MalformedRowsAreErrors()
    {
        using var folder = PortfolioFolder.Minimal()
            .Write("outcomes.csv", """
                outcome_id,account_id,goal,status
                O-1,A-100,Faster
                O-2,A-100,Faster,achieved,extra
                O-3,A-100,"Quoted"tail,missed

                """)
            .Write("tickets.csv", """
                ticket_id,account_id,opened_date,priority,status,subject
                T-1,A-100,2026-02-01,P1,open,"never closed
                T-2,A-100,2026-02-01,P1,open,x

                """);

        var result = s_reader.Read(folder.Path).Result;

        Assert.Equal(
            [
                "tickets.csv:2: (row): unterminated quoted field",
                "outcomes.csv:2: (row): 3 fields, but the header has 4",
                "outcomes.csv:3: (row): 5 fields, but the header has 4",
                "outcomes.csv:4: (row): unexpected character after a closing quote",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void BeyondTenThousandErrorsTheRestAreCountedNotListed()
    {
        var usage = new StringBuilder("account_id,week_start,active_users\n");
        for (var i = 0; i < 10_050; i++)
        {
            usage.Append("A-100,2026-01-05,many\n");
        }

        using var folder = PortfolioFolder.Minimal().Write("usage.csv", usage.ToString());

        var result = s_reader.Read(folder.Path).Result;

        // Each row after the first is also a duplicate week: two errors a row.
        Assert.Equal(20_099, result.ErrorCount);
        Assert.Equal(ImportDiagnostics.MaxListedErrors + 1, result.Errors.Count);
        Assert.Equal("usage.csv:2: active_users: 'many' is not an integer", result.Errors[0].ToString());
        Assert.Equal("(import):0: (errors): 10099 more errors, not listed", result.Errors[^1].ToString());
    }

    [Fact]
    public void ImportCanBeCancelled()
    {
        using var folder = PortfolioFolder.Valid();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => s_reader.Read(folder.Path, cancelled.Token));
    }
}
