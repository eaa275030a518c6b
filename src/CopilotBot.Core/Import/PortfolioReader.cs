using System.Diagnostics.CodeAnalysis;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Import;

/// <summary>
/// Reads a portfolio folder (DATA-FORMAT.md, version 1) into <see cref="PortfolioData"/>, validating every cell and
/// reference and collecting every error rather than stopping at the first. Files are streamed row by row;
/// only the resulting records are held in memory. Touches no store: see <see cref="PortfolioImporter"/>.
/// </summary>
public sealed class PortfolioReader(TimeProvider timeProvider)
{
    /// <summary>Reads <paramref name="folder"/>; the portfolio is null when there was any error.</summary>
    public PortfolioReadResult Read(string folder, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var run = new Run(folder, cancellationToken);
        if (Directory.Exists(folder))
        {
            run.ReadAll();
        }
        else
        {
            run.Diagnostics.Error(folder, 0, "(folder)", "folder not found");
        }

        var diagnostics = run.Diagnostics;
        var errors = InLineOrder(diagnostics.Errors);
        if (diagnostics.ErrorCount > errors.Count)
        {
            errors.Add(new ImportMessage("(import)", 0, "(errors)", $"{diagnostics.ErrorCount - errors.Count} more errors, not listed"));
        }

        var result = new ImportResult(
            run.Files, InLineOrder(diagnostics.Warnings), errors, diagnostics.ErrorCount, timeProvider.GetElapsedTime(started));
        return new PortfolioReadResult(diagnostics.ErrorCount == 0 ? run.ToPortfolio() : null, result);
    }

    // Some checks run once a file is read (managers, duplicate weeks); reported in file order, then line order.
    private static List<ImportMessage> InLineOrder(List<ImportMessage> messages)
    {
        var files = messages.Select(m => m.File).Distinct().ToList();
        return [.. messages.OrderBy(m => files.IndexOf(m.File)).ThenBy(m => m.Line)];
    }

    /// <summary>One read of one folder: the records so far and the ids other files may refer to.</summary>
    private sealed class Run
    {
        private const int CancellationCheckInterval = 4096;

        private readonly List<User> _users = [];
        private readonly List<Account> _accounts = [];
        private readonly List<Contact> _contacts = [];
        private readonly List<Ticket> _tickets = [];
        private readonly List<Survey> _surveys = [];
        private readonly List<Interaction> _interactions = [];
        private readonly List<Outcome> _outcomes = [];

        // Ids are registered even from rows with other errors, so that one bad cell does not cascade into
        // "unknown account" errors in every other file.
        private readonly IdRegistry _userEmails = new("user");
        private readonly IdRegistry _accountIds = new("account");
        private readonly IdRegistry _contactIds = new("contact");
        private readonly Dictionary<string, string> _contactAccounts = new(StringComparer.Ordinal);
        private readonly CompactUsageList _usage;

        private readonly string _folder;
        private readonly CancellationToken _cancellationToken;

        public Run(string folder, CancellationToken cancellationToken)
        {
            _folder = folder;
            _cancellationToken = cancellationToken;
            _usage = new CompactUsageList(_accountIds.InOrder);
        }

        public ImportDiagnostics Diagnostics { get; } = new();

        public List<ImportFileSummary> Files { get; } = [];

        public void ReadAll()
        {
            // When a file cannot be read at all, references to it are not checked: one missing users.csv is one
            // error, not one per account.
            _userEmails.Unchecked = !ReadFile(UsersFile.Spec, ReadUser, CheckManagers);
            _accountIds.Unchecked = !ReadFile(AccountsFile.Spec, ReadAccount);
            _contactIds.Unchecked = !ReadFile(ContactsFile.Spec, ReadContact) && FileExists(ContactsFile.Spec);
            var notMondays = new List<int>();
            ReadFile(UsageFile.Spec, t => ReadUsage(t, notMondays), t => CheckWeeks(t, notMondays));
            var ticketIds = new IdRegistry("ticket");
            ReadFile(TicketsFile.Spec, t => ReadTicket(t, ticketIds));
            var surveyIds = new IdRegistry("survey");
            ReadFile(SurveysFile.Spec, t => ReadSurvey(t, surveyIds));
            var interactionIds = new IdRegistry("interaction");
            ReadFile(InteractionsFile.Spec, t => ReadInteraction(t, interactionIds));
            var outcomeIds = new IdRegistry("outcome");
            ReadFile(OutcomesFile.Spec, t => ReadOutcome(t, outcomeIds));
        }

        public PortfolioData ToPortfolio() => new(_users, _accounts, _contacts, _usage, _tickets, _surveys, _interactions, _outcomes);

        /// <summary>Reads every row of the file; false when the file is absent or unreadable (no header, bad header).</summary>
        private bool ReadFile(CsvFileSpec spec, Action<CsvTable> readRow, Action<CsvTable>? afterRows = null)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var table = CsvTable.Open(_folder, spec, Diagnostics, out var found);
            if (table is not null)
            {
                while (table.ReadRow())
                {
                    if (table.Rows % CancellationCheckInterval == 0)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                    }

                    readRow(table);
                }

                afterRows?.Invoke(table);
            }

            Files.Add(new ImportFileSummary(spec.FileName, found, table?.Rows ?? 0));
            return table is { HeaderBroken: false };
        }

        private bool FileExists(CsvFileSpec spec) => Files.Any(f => f.File == spec.FileName && f.Found);

        private void ReadUser(CsvTable t)
        {
            var email = Email(t.Text(UsersFile.Email));
            var name = t.Text(UsersFile.Name);
            var role = t.Enum<UserRole>(UsersFile.Role);
            var manager = Email(t.Text(UsersFile.ManagerEmail));
            var aadObjectId = t.Text(UsersFile.AadObjectId);
            _userEmails.Register(t, UsersFile.Email, email);

            if (!t.RowHasErrors)
            {
                _users.Add(new User(email!, name!, role!.Value, manager, aadObjectId));
            }
        }

        // Managers are checked once all users are known: a manager may be listed after their reports.
        private void CheckManagers(CsvTable t)
        {
            var managerOf = _users.Where(u => u.ManagerEmail is not null).ToDictionary(u => u.Email, u => u.ManagerEmail!);
            foreach (var (email, manager) in managerOf)
            {
                if (!_userEmails.Contains(manager))
                {
                    Diagnostics.Error(t.FileName, _userEmails.LineOf(email), UsersFile.ManagerEmail.Name, $"unknown user {CsvTable.Show(manager)}");
                }
            }

            foreach (var cycle in ManagerCycles(managerOf))
            {
                foreach (var email in cycle)
                {
                    Diagnostics.Error(
                        t.FileName,
                        _userEmails.LineOf(email),
                        UsersFile.ManagerEmail.Name,
                        $"the manager chain loops: {string.Join(" -> ", cycle.SkipWhile(e => e != email).Concat(cycle.TakeWhile(e => e != email)))} -> {email}");
                }
            }
        }

        private void ReadAccount(CsvTable t)
        {
            var id = t.Text(AccountsFile.AccountId);
            var name = t.Text(AccountsFile.Name);
            var industry = t.Text(AccountsFile.Industry);
            var segment = t.Enum<Segment>(AccountsFile.Segment);
            var stage = t.Enum<AdoptionStage>(AccountsFile.AdoptionStage);
            var csm = UserRef(t, AccountsFile.CsmEmail);
            var sales = UserRef(t, AccountsFile.SalesEmail);
            var arr = t.InRange(AccountsFile.Arr, t.Decimal(AccountsFile.Arr), 0m, decimal.MaxValue, "must not be negative");
            var currency = Currency(t);
            var contractStart = t.Date(AccountsFile.ContractStart);
            var renewal = t.Date(AccountsFile.RenewalDate);
            var seats = t.InRange(AccountsFile.LicensedSeats, t.Integer(AccountsFile.LicensedSeats), 1, int.MaxValue, "must be greater than 0");
            var products = t.Text(AccountsFile.Products)?
                .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            _accountIds.Register(t, AccountsFile.AccountId, id);

            if (!t.RowHasErrors)
            {
                _accounts.Add(new Account(
                    id!, name!, industry, segment, stage, csm!, sales, arr!.Value, currency, contractStart, renewal!.Value, seats!.Value, products));
            }
        }

        private static string Currency(CsvTable t)
        {
            var text = t.Text(AccountsFile.Currency);
            if (text is null)
            {
                return "USD";
            }

            if (text.Length == 3 && text.All(char.IsAsciiLetter))
            {
                return text.ToUpperInvariant();
            }

            t.Error(AccountsFile.Currency, $"{CsvTable.Show(text)} is not an ISO 4217 code (three letters, e.g. USD)");
            return text;
        }

        private void ReadContact(CsvTable t)
        {
            var id = t.Text(ContactsFile.ContactId);
            var account = AccountRef(t, ContactsFile.AccountId);
            var name = t.Text(ContactsFile.Name);
            var title = t.Text(ContactsFile.Title);
            var email = Email(t.Text(ContactsFile.Email));
            var role = t.Enum<ContactRole>(ContactsFile.Role);
            var sentiment = t.Enum<Sentiment>(ContactsFile.Sentiment);
            var lastContact = t.Date(ContactsFile.LastContactDate);
            var status = t.Enum<ContactStatus>(ContactsFile.Status) ?? ContactStatus.Active;
            var leftDate = t.Date(ContactsFile.LeftDate);
            if (_contactIds.Register(t, ContactsFile.ContactId, id) && account is not null)
            {
                _contactAccounts[id] = account;
            }

            if (!t.RowHasErrors)
            {
                _contacts.Add(new Contact(id!, account!, name!, title, email, role, sentiment, lastContact, status, leftDate));
            }
        }

        private void ReadUsage(CsvTable t, List<int> notMondays)
        {
            var account = AccountRef(t, UsageFile.AccountId);
            var week = t.Date(UsageFile.WeekStart);
            var activeUsers = t.InRange(UsageFile.ActiveUsers, t.Integer(UsageFile.ActiveUsers), 0, int.MaxValue, "must not be negative");
            var sessions = t.InRange(UsageFile.Sessions, t.Integer(UsageFile.Sessions), 0, int.MaxValue, "must not be negative");
            var adoption = t.InRange(UsageFile.FeatureAdoptionPct, t.Decimal(UsageFile.FeatureAdoptionPct), 0m, 100m, "must be 0-100");
            if (account is null || week is not { } w || _accountIds.Unchecked)
            {
                return;
            }

            if (w.DayOfWeek != DayOfWeek.Monday)
            {
                notMondays.Add(t.Line);
            }

            // Rows with other errors are kept too, for the duplicate-week check: any error means no portfolio anyway.
            _usage.Add(t.Line, _accountIds.OrdinalOf(account), w, activeUsers ?? 0, sessions, adoption);
        }

        private void CheckWeeks(CsvTable t, List<int> notMondays)
        {
            // One row per account and week: it is the row's identity (usage.csv#A-100@2026-10-05).
            foreach (var (line, firstLine, row) in _usage.SortByAccountAndWeek())
            {
                Diagnostics.Error(
                    t.FileName,
                    line,
                    UsageFile.WeekStart.Name,
                    $"duplicate week {row.WeekStart:yyyy-MM-dd} for account {CsvTable.Show(row.AccountId)} (first on line {firstLine})");
            }

            if (notMondays.Count > 0)
            {
                Diagnostics.Warning(
                    t.FileName,
                    notMondays[0],
                    UsageFile.WeekStart.Name,
                    $"{notMondays.Count} row(s) have a week_start that is not a Monday (first on this line); weeks are kept as given");
            }
        }

        private void ReadTicket(CsvTable t, IdRegistry ids)
        {
            var id = t.Text(TicketsFile.TicketId);
            var account = AccountRef(t, TicketsFile.AccountId);
            var opened = t.Date(TicketsFile.OpenedDate);
            var closed = t.Date(TicketsFile.ClosedDate);
            var priority = t.Enum<TicketPriority>(TicketsFile.Priority);
            var category = t.Enum<TicketCategory>(TicketsFile.Category);
            var status = t.Enum<TicketStatus>(TicketsFile.Status);
            var subject = t.Text(TicketsFile.Subject);
            ids.Register(t, TicketsFile.TicketId, id);

            if (!t.RowHasErrors)
            {
                _tickets.Add(new Ticket(id!, account!, opened!.Value, closed, priority!.Value, category, status!.Value, subject!));
            }
        }

        private void ReadSurvey(CsvTable t, IdRegistry ids)
        {
            var id = t.Text(SurveysFile.SurveyId);
            var account = AccountRef(t, SurveysFile.AccountId);
            var contact = t.Text(SurveysFile.ContactId);
            var date = t.Date(SurveysFile.Date);
            var type = t.Enum<SurveyType>(SurveysFile.Type);
            var score = t.Integer(SurveysFile.Score);
            var comment = t.Text(SurveysFile.Comment);
            score = type switch
            {
                SurveyType.Nps => t.InRange(SurveysFile.Score, score, 0, 10, "NPS scores are 0-10"),
                SurveyType.Csat => t.InRange(SurveysFile.Score, score, 1, 5, "CSAT scores are 1-5"),
                _ => score,
            };
            if (contact is not null)
            {
                if (!_contactIds.Contains(contact))
                {
                    t.Error(SurveysFile.ContactId, $"unknown contact {CsvTable.Show(contact)}");
                }
                else if (account is not null && _contactAccounts.TryGetValue(contact, out var contactAccount) && contactAccount != account)
                {
                    t.Error(SurveysFile.ContactId, $"contact {CsvTable.Show(contact)} belongs to account {CsvTable.Show(contactAccount)}, not {CsvTable.Show(account)}");
                }
            }

            ids.Register(t, SurveysFile.SurveyId, id);

            if (!t.RowHasErrors)
            {
                _surveys.Add(new Survey(id!, account!, contact, date!.Value, type!.Value, score!.Value, comment));
            }
        }

        private void ReadInteraction(CsvTable t, IdRegistry ids)
        {
            var id = t.Text(InteractionsFile.InteractionId);
            var account = AccountRef(t, InteractionsFile.AccountId);
            var date = t.Date(InteractionsFile.Date);
            var type = t.Enum<InteractionType>(InteractionsFile.Type);
            var author = Email(t.Text(InteractionsFile.AuthorEmail));
            var summary = t.Text(InteractionsFile.Summary);
            ids.Register(t, InteractionsFile.InteractionId, id);

            if (!t.RowHasErrors)
            {
                _interactions.Add(new Interaction(id!, account!, date!.Value, type!.Value, author, summary!));
            }
        }

        private void ReadOutcome(CsvTable t, IdRegistry ids)
        {
            var id = t.Text(OutcomesFile.OutcomeId);
            var account = AccountRef(t, OutcomesFile.AccountId);
            var goal = t.Text(OutcomesFile.Goal);
            var metric = t.Text(OutcomesFile.Metric);
            var baseline = t.Decimal(OutcomesFile.Baseline);
            var target = t.Decimal(OutcomesFile.Target);
            var current = t.Decimal(OutcomesFile.Current);
            var unit = t.Text(OutcomesFile.Unit);
            var due = t.Date(OutcomesFile.DueDate);
            var status = t.Enum<OutcomeStatus>(OutcomesFile.Status);
            ids.Register(t, OutcomesFile.OutcomeId, id);

            if (!t.RowHasErrors)
            {
                _outcomes.Add(new Outcome(id!, account!, goal!, metric, baseline, target, current, unit, due, status!.Value));
            }
        }

        /// <summary>The account id of the cell as registered (one string instance per account), or null if unknown.</summary>
        private string? AccountRef(CsvTable t, CsvColumn column)
        {
            var id = t.Text(column);
            if (id is null)
            {
                return null;
            }

            if (_accountIds.TryResolve(id, out var canonical))
            {
                return canonical;
            }

            t.Error(column, $"unknown account {CsvTable.Show(id)}");
            return null;
        }

        private string? UserRef(CsvTable t, CsvColumn column)
        {
            var email = Email(t.Text(column));
            if (email is null || _userEmails.Contains(email))
            {
                return email;
            }

            t.Error(column, $"unknown user {CsvTable.Show(email)}");
            return null;
        }

        // E-mail addresses are compared and stored in lower case, so that access rules can compare them plainly.
        private static string? Email(string? text) => text?.ToLowerInvariant();

        private static List<List<string>> ManagerCycles(Dictionary<string, string> managerOf)
        {
            var cycles = new List<List<string>>();
            var done = new HashSet<string>();
            foreach (var start in managerOf.Keys)
            {
                var path = new List<string>();
                var onPath = new Dictionary<string, int>();
                var current = start;
                while (current is not null && !done.Contains(current))
                {
                    if (onPath.TryGetValue(current, out var cycleStart))
                    {
                        cycles.Add(path[cycleStart..]);
                        break;
                    }

                    onPath[current] = path.Count;
                    path.Add(current);
                    current = managerOf.GetValueOrDefault(current);
                }

                done.UnionWith(path);
            }

            return cycles;
        }
    }

    /// <summary>The ids of one file: where each was first seen, in which order, reported when repeated.</summary>
    private sealed class IdRegistry(string what)
    {
        private readonly Dictionary<string, (string Id, int Line, int Ordinal)> _ids = new(StringComparer.Ordinal);

        // Lookups (the bot, the CLI, card actions) ignore case: two ids differing only by case would make one unreachable.
        private readonly Dictionary<string, (string Id, int Line)> _byCase = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _inOrder = [];

        /// <summary>The file of these ids could not be read: every reference is taken as known.</summary>
        public bool Unchecked { get; set; }

        /// <summary>Registers <paramref name="id"/>; false when it is null or (with an error) seen before.</summary>
        public bool Register(CsvTable t, CsvColumn column, [NotNullWhen(true)] string? id)
        {
            if (id is null)
            {
                return false;
            }

            if (_ids.TryGetValue(id, out var first))
            {
                t.Error(column, $"duplicate {what} {CsvTable.Show(id)} (first on line {first.Line})");
                return false;
            }

            if (_byCase.TryGetValue(id, out var other))
            {
                t.Error(column, $"duplicate {what} {CsvTable.Show(id)}: differs only by case from {CsvTable.Show(other.Id)} (line {other.Line})");
                return false;
            }

            _ids.Add(id, (id, t.Line, _ids.Count));
            _byCase.Add(id, (id, t.Line));
            _inOrder.Add(id);
            return true;
        }

        public bool Contains(string id) => Unchecked || _ids.ContainsKey(id);

        public bool TryResolve(string id, out string canonical)
        {
            var found = _ids.TryGetValue(id, out var entry);
            canonical = found ? entry.Id : id;
            return found || Unchecked;
        }

        public int LineOf(string id) => _ids[id].Line;

        public int OrdinalOf(string id) => _ids[id].Ordinal;

        /// <summary>The ids by ordinal, i.e. in the order first seen.</summary>
        public IReadOnlyList<string> InOrder => _inOrder;
    }
}
