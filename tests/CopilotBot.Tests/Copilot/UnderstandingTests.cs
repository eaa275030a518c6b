using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Copilot;

/// <summary>
/// The ask pipeline on the sample portfolio (66 accounts, the users of the Agents Playground): what people type in
/// chat, understood, and answered about the account they named or not at all.
/// </summary>
public sealed class UnderstandingTests : IDisposable
{
    private const string Alex = "alexw@example.com";     // CSM
    private const string Isaiah = "isaiahl@example.com"; // CSM, another book
    private const string Megan = "meganb@example.com";   // sales
    private const string Adele = "adelev@example.com";   // manager of Alex and Isaiah
    private const string Patti = "pattif@example.com";   // admin
    private const string Lynne = "lynner@example.com"; // sales, a book with four Humongous accounts and two Bellows

    private static readonly Lazy<PortfolioData> s_sample = new(() => SamplePortfolioGenerator.Generate(new SampleOptions()));
    private readonly CopilotHarness _harness = new(s_sample.Value, scorer: null, SampleOptions.DefaultAsOf);

    private async Task<AskUnderstanding> UnderstandAsync(string question, string user, ConversationState? state = null)
    {
        var gateway = _harness.Get<AccountGateway>();
        var asker = await gateway.FindUserAsync(user, CancellationToken.None);
        var data = await gateway.LinkingDataAsync(asker!, CancellationToken.None);
        return _harness.Get<QuestionUnderstander>().Understand(question, data, state ?? ConversationState.Empty, gateway.AsOf);
    }

    private Task<Draft> AskAsync(string question, string user, ConversationState? state = null) =>
        _harness.Copilot.AskAsync(new AskRequest(question, user, state));

    /// <summary>Asks each message in turn in one conversation, as the bot does; the last answer.</summary>
    private async Task<Draft> ConverseAsync(string user, params string[] messages)
    {
        Draft? answer = null;
        foreach (var message in messages)
        {
            answer = await AskAsync(message, user, answer?.Conversation);
        }

        return answer!;
    }

    [Theory]
    [InlineData("how is fabrikam logistics doing?")]
    [InlineData("how's fabrikam logistics doing?")]
    [InlineData("hows fabrikm logistics doin")]
    public async Task A_contraction_or_a_typo_asks_the_same_as_the_full_words(string question)
    {
        var answer = await AskAsync(question, Alex);

        Assert.Equal("health", answer.Kind);
        Assert.Equal("A-1003", answer.AccountId);
    }

    [Fact]
    public async Task A_longer_name_wins_and_a_name_only_another_user_has_is_missing_never_a_different_account()
    {
        var shipping = await UnderstandAsync("health blue yonder shipping", Patti);
        var notAlexs = await AskAsync("health blue yonder shipping", Alex); // Alex has Blue Yonder Bank only
        var notIsaiahs = await AskAsync("brief me on tailspin toys", Isaiah); // Isaiah has Tailspin Cloud only

        Assert.Equal("A-1026", shipping.Account.Account?.AccountId);
        Assert.True(notAlexs.Refused);
        Assert.Null(notAlexs.AccountId);
        Assert.Contains("blue yonder shipping", notAlexs.Markdown, StringComparison.Ordinal);
        Assert.True(notIsaiahs.Refused);
        Assert.DoesNotContain("Tailspin Cloud", notIsaiahs.Markdown, StringComparison.Ordinal);
        Assert.Equal(notAlexs.Markdown.Replace("blue yonder shipping", "X", StringComparison.Ordinal), notIsaiahs.Markdown.Replace("tailspin toys", "X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_several_accounts_share_is_asked_back_with_a_button_each()
    {
        var answer = await AskAsync("how's blue yonder doing?", Patti);

        Assert.Null(answer.AccountId);
        Assert.Contains("Did you mean", answer.Markdown, StringComparison.Ordinal);
        Assert.Equal(["Blue Yonder Airlines", "Blue Yonder Bank", "Blue Yonder Shipping"], answer.Choices!.Order(StringComparer.Ordinal));
        var picked = await AskAsync("Blue Yonder Shipping", Patti, answer.Conversation);
        Assert.Equal("health", picked.Kind);
        Assert.Equal("A-1026", picked.AccountId);
    }

    [Theory]
    [InlineData("the shipping one")]
    [InlineData("shiping")]
    public async Task A_reply_to_which_one_naming_a_word_of_one_candidate_answers_the_first_question_about_it(string reply)
    {
        var answer = await ConverseAsync(Patti, "how's blue yonder doing?", reply);

        Assert.Equal("health", answer.Kind);
        Assert.Equal("A-1026", answer.AccountId);
    }

    [Fact]
    public async Task A_word_that_tells_the_conversations_account_from_its_namesake_switches_to_the_namesake()
    {
        // "fourth coffee" is Fourth Coffee's whole name and the start of Fourth Coffee Logistics': asked back, its button answers.
        var asked = await AskAsync("how many seats are active at fourth coffee?", Alex);
        var chosen = await AskAsync("Fourth Coffee", Alex, asked.Conversation);
        var namesake = await UnderstandAsync("and the logistics one?", Alex, chosen.Conversation);
        var acronym = await UnderstandAsync("their COO left in june right? who's the exec sponsor now", Alex,
            (await AskAsync("tailspin toys health score pls", Alex)).Conversation);

        var sentence = await UnderstandAsync("how is their logistics team finding the new workflows", Alex, chosen.Conversation);

        Assert.Equal(["Fourth Coffee", "Fourth Coffee Logistics"], asked.Choices);
        Assert.Equal("A-1014", chosen.AccountId);
        Assert.Equal("A-1062", namesake.Account.Account?.AccountId);
        Assert.Equal("A-1014", sentence.Account.Account?.AccountId);
        Assert.Equal(AskIntent.Usage, namesake.Intent);
        Assert.Equal(AccountResolution.FromConversation, acronym.Account.Resolution);
        Assert.Equal("A-1005", acronym.Account.Account?.AccountId);
    }

    [Theory]
    [InlineData("nps for humongous fab", Lynne, "A-1065")] // Humongous Fabrication, not Software, Broadcasting or Distribution
    [InlineData("humongous sw renewal feb, status?", Lynne, "A-1031")]
    [InlineData("wwi renewal is feb right? what's it worth", Isaiah, "A-1011")] // Wide World Importers
    [InlineData("bfy renewables score", Alex, "A-1027")] // Best For You Renewables
    [InlineData("i'm joining alex on the timberline call tomorrow, cheat sheet for me", Adele, "A-1028")] // Alex's Timberline, not Isaiah's
    [InlineData("victor's account - any risk flags i should know about?", Alex, "A-1003")] // Victor Dubois: an English first name
    public async Task A_shortened_name_initials_or_a_colleague_beside_it_tell_which_account(string question, string user, string accountId)
    {
        var understood = await UnderstandAsync(question, user);

        Assert.Equal(AccountResolution.Named, understood.Account.Resolution);
        Assert.Equal(accountId, understood.Account.Account?.AccountId);
    }

    [Fact]
    public async Task A_name_two_accounts_share_means_the_conversations_and_a_typo_never_changes_a_names_first_letter()
    {
        var bellows = await UnderstandAsync("is anyone using the analytics module at bellows", Lynne,
            (await AskAsync("bellows utilities usage trend over the last quarter", Lynne)).Conversation);
        var adatum = await UnderstandAsync("tickets for adatum corp", Lynne); // Lynne has Datum Utilities

        Assert.Equal("A-1019", bellows.Account.Account?.AccountId);
        Assert.Equal(AccountResolution.Missing, adatum.Account.Resolution);
    }

    [Fact]
    public async Task Names_said_side_by_side_are_answered_as_a_list_in_the_order_asked_and_the_last_one_picks_its_end()
    {
        var three = await AskAsync("northwind, fabrikam logistics and woodgrove - which is in the worst shape?", Alex);
        var last = await AskAsync("that last one, tickets?", Alex, three.Conversation);

        Assert.Equal(["A-1001", "A-1003", "A-1007"], three.PortfolioRows!.Select(r => r.Account.AccountId));
        Assert.Contains("in the order asked", three.Markdown, StringComparison.Ordinal);
        Assert.Equal("A-1007", last.AccountId);
    }

    [Fact]
    public async Task A_contacts_first_name_alone_keeps_the_conversations_account_or_finds_the_only_one_of_that_name()
    {
        var inConversation = await UnderstandAsync("priya left?? who replaces her", Alex, (await AskAsync("how's contoso pharma?", Alex)).Conversation);
        var onlyOne = await UnderstandAsync("ingrid hasn't answered my last two emails, what do i do", Alex); // Ingrid Sørensen, Proseware
        var several = await UnderstandAsync("isabel wants a discount, what do i tell her", Alex); // three Isabels in Alex's book
        var elsewhere = await UnderstandAsync("victor's account any risk flags?", Alex, (await AskAsync("woodgrove tickets", Alex)).Conversation); // none at Woodgrove

        var toHim = await AskAsync("ok draft an email to him asking for 30 min next wk", Alex,
            (await ConverseAsync(Alex, "woodgrove tickets", "victor's account any risk flags?")).Conversation);

        Assert.Equal("A-1003", elsewhere.Account.Account?.AccountId);
        Assert.Contains("To Victor Dubois", toHim.Markdown, StringComparison.Ordinal);
        Assert.Contains("asking for 30 min next wk", toHim.Markdown, StringComparison.Ordinal);
        Assert.Equal("A-1002", inConversation.Account.Account?.AccountId);
        Assert.Equal("A-1008", onlyOne.Account.Account?.AccountId);
        Assert.Null(several.Account.Account);
    }

    [Fact]
    public async Task A_name_opening_the_sentence_and_a_contacts_name_find_their_account()
    {
        var seats = await UnderstandAsync("Northwind wants 200 more seats for the support team, what should I tell them?", Alex);
        var contact = await UnderstandAsync("help me prep for my call with Mei Chen", Alex); // Mei Chen is Northwind's champion

        Assert.Equal("A-1001", seats.Account.Account?.AccountId);
        Assert.Equal(AskIntent.Draft, seats.Intent);
        Assert.Equal("A-1001", contact.Account.Account?.AccountId);
        Assert.Equal("Mei Chen", contact.Contact?.Name);
        Assert.Equal(DraftKind.PreCallBrief, contact.Kind);
    }

    [Theory]
    [InlineData("help me prep for my call with tomas alvarez")] // Tomás Alvarez, Fabrikam Logistics' sponsor
    [InlineData("prep for my call with Tomás Alvarez")]
    public async Task A_contacts_name_typed_without_its_accents_finds_their_account_over_the_conversations(string question)
    {
        var understood = await UnderstandAsync(question, Alex, ConversationState.Empty with { AccountId = "A-1002" });

        Assert.Equal(AccountResolution.Named, understood.Account.Resolution);
        Assert.Equal("A-1003", understood.Account.Account?.AccountId);
        Assert.Equal("Tomás Alvarez", understood.Contact?.Name);
    }

    [Theory]
    [InlineData("what's the weather in Seattle?")]
    [InlineData("tell me a joke")]
    [InlineData("wats our NRR this quarter")]
    [InlineData("whats my comission gonna be if they renew")] // a typo of a word of its own language is read as the word
    public async Task Out_of_scope_gets_one_line_on_what_it_cannot_and_can_do_and_no_account(string question)
    {
        var answer = await AskAsync(question, Alex, new ConversationState { AccountId = "A-1003" });

        Assert.Null(answer.AccountId);
        Assert.Empty(answer.Sections);
        Assert.StartsWith("I can't help with that", answer.Markdown, StringComparison.Ordinal);
        Assert.Equal("A-1003", answer.Conversation?.AccountId); // the conversation still has its account
    }

    [Fact]
    public async Task An_action_it_cannot_take_is_declined_with_the_nearest_thing_it_can_do()
    {
        var answer = await AskAsync("schedule a meeting with northwind for next tuesday", Alex);

        Assert.StartsWith("I can't take actions", answer.Markdown, StringComparison.Ordinal);
        Assert.Contains("Northwind Traders", answer.Markdown, StringComparison.Ordinal);
        Assert.NotEmpty(answer.Choices!);
    }

    [Fact]
    public async Task Help_me_save_and_what_can_you_tell_me_about_are_about_the_account_not_the_help_menu()
    {
        var save = await AskAsync("help me save Proseware", Alex);
        var missing = await AskAsync("help me save Acme", Alex);

        Assert.Equal("remediation-plan", save.Kind);
        Assert.Equal("A-1008", save.AccountId);
        Assert.True(missing.Refused);
        Assert.Contains("\"Acme\"", missing.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_ups_keep_the_account_repeat_the_question_for_another_and_pick_from_a_list()
    {
        var renewal = await ConverseAsync(Alex, "how is northwind doing?", "and their renewal?");
        var fabrikam = await ConverseAsync(Alex, "health of contoso pharma", "and fabrikam?");
        var list = await AskAsync("which of my accounts are red?", Alex);
        var second = await AskAsync("the second one", Alex, list.Conversation);
        var those = await AskAsync("why those?", Alex, list.Conversation);

        Assert.Equal("A-1001", renewal.AccountId);
        Assert.Contains("renews on", renewal.Markdown, StringComparison.Ordinal);
        Assert.Equal("health", fabrikam.Kind);
        Assert.Equal("A-1003", fabrikam.AccountId);
        Assert.Equal(list.PortfolioRows![1].Account.AccountId, second.AccountId);
        Assert.Equal(list.PortfolioRows.Select(r => r.Account.AccountId), those.PortfolioRows!.Select(r => r.Account.AccountId));
    }

    [Fact]
    public async Task A_pick_from_a_colleagues_list_is_that_account()
    {
        var list = await AskAsync("which of isaiah's accounts are red", Adele);
        var second = await AskAsync("the 2nd one", Adele, list.Conversation);

        Assert.Equal(list.PortfolioRows![1].Account.AccountId, second.AccountId);
        Assert.Equal("health", second.Kind);
    }

    [Fact]
    public async Task A_pick_past_the_end_of_the_list_is_no_account_not_the_conversations()
    {
        var list = await AskAsync("which of my accounts renew this month?", Isaiah);
        var past = await AskAsync($"the {list.PortfolioRows!.Count + 1}th one", Isaiah, list.Conversation! with { AccountId = "A-1011" });

        Assert.True(past.Refused);
        Assert.Null(past.AccountId);
    }

    [Theory]
    [InlineData("draft an email to tomas alvarez asking for a call next week", "asking for a call next week")]
    [InlineData("write a teams msg to Tomás Alvarez's assistant about the outage report", "assistant about the outage report")]
    [InlineData("email the champion at fabrikam logistics about low usage", "about low usage")]
    [InlineData("draft an email to tomas alvarez", null)]
    public async Task A_message_to_write_is_about_what_follows_the_last_name(string question, string? purpose)
    {
        var understood = await UnderstandAsync(question, Alex);

        Assert.Equal(DraftKind.Email, understood.Kind);
        Assert.Equal("A-1003", understood.Account.Account?.AccountId);
        Assert.Equal(purpose, understood.Purpose);
    }

    [Theory]
    [InlineData("which accounts should i call first today")]
    [InlineData("whats the wifi password for the 4th floor")]
    public async Task An_ordinal_with_no_list_in_the_conversation_picks_nothing(string question)
    {
        var understood = await UnderstandAsync(question, Alex);

        Assert.Null(understood.ListIndex);
        Assert.NotEqual(AccountResolution.Missing, understood.Account.Resolution);
    }

    [Theory]
    [InlineData(Alex)]
    [InlineData(Megan)]
    public async Task A_vague_question_gets_the_askers_own_priorities(string user)
    {
        var answer = await AskAsync("anything I should worry about this week?", user);
        var mine = await AskAsync("my portfolio", user);

        Assert.Equal("Your priorities", answer.Markdown.Split('\n')[0].TrimStart('#', ' '));
        Assert.NotEmpty(answer.PortfolioRows!);
        Assert.All(answer.PortfolioRows!, r => Assert.Contains(mine.PortfolioRows!, m => m.Account.AccountId == r.Account.AccountId));
        Assert.Empty(answer.Warnings);
    }

    [Fact]
    public async Task A_manager_asks_about_the_team_and_a_csm()
    {
        var risk = await AskAsync("how much ARR is at risk?", Adele);
        var alex = await ConverseAsync(Adele, "how is alex doing?");
        var isaiah = await AskAsync("and isaiah?", Adele, alex.Conversation);

        Assert.Contains("ARR at risk", risk.Markdown, StringComparison.Ordinal);
        Assert.Contains("Portfolio of Alex Wilber", alex.Markdown, StringComparison.Ordinal);
        Assert.Contains("Portfolio of Isaiah Langer", isaiah.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_askers_own_accounts()
    {
        var help = await AskAsync("what can you do?", Alex);
        var mine = (await AskAsync("my portfolio", Alex)).PortfolioRows!.Select(r => r.Account.Name).ToList();
        var examples = await _harness.Copilot.GuideAsync(Alex);

        Assert.Equal("help", help.Kind);
        Assert.Contains(examples, e => mine.Any(name => e.Example.Contains(name, StringComparison.Ordinal)));
        Assert.DoesNotContain("Contoso\"", help.Markdown, StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();
}
