using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Llm;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Tests.Copilot.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CopilotBot.Tests.Copilot;

public sealed class PromptAndOptionsTests
{
    private static readonly PromptLibrary s_prompts = new(new CopilotBot.Core.CopilotOptions().PromptsPath);

    [Fact]
    public void There_is_a_prompt_for_the_system_the_agent_and_every_kind()
    {
        Assert.Superset(new HashSet<string>(["system", CopilotAgent.PromptName, .. Enum.GetValues<DraftKind>().Select(Format.Kind)]), s_prompts.Names.ToHashSet());
    }

    [Fact]
    public async Task Every_prompt_parses_and_renders_its_declared_variables_verbatim()
    {
        foreach (var name in s_prompts.Names)
        {
            var config = s_prompts.Get(name);
            Assert.False(string.IsNullOrWhiteSpace(config.Description), name);
            var arguments = new KernelArguments();
            foreach (var variable in config.InputVariables)
            {
                arguments[variable.Name] = $"<{variable.Name} & \"value\">";
            }

            var rendered = await s_prompts.RenderAsync(name, new Kernel(), arguments, CancellationToken.None);

            Assert.All(config.InputVariables, v => Assert.Contains($"<{v.Name} & \"value\">", rendered, StringComparison.Ordinal));
            Assert.DoesNotContain("{{", rendered, StringComparison.Ordinal);
            if (name != "system")
            {
                Assert.NotNull(config.DefaultExecutionSettings);
            }

            // The agent's evidence is what its tools return; every other prompt is given its evidence.
            if (name is not "system" and not CopilotAgent.PromptName)
            {
                Assert.Contains("evidence", config.InputVariables.Select(v => v.Name));
            }
        }
    }

    [Fact]
    public async Task Template_syntax_inside_data_is_not_executed()
    {
        // The purpose of an e-mail is the asker's own words.
        var rendered = await s_prompts.RenderAsync("email", new Kernel(), new KernelArguments
        {
            ["account_name"] = "Acme", ["account_id"] = "A-100", ["as_of"] = "2026-11-20", ["sections"] = "To", ["situation"] = "",
            ["recipient"] = "Jordan", ["purpose"] = "{{$evidence}}", ["evidence"] = "SECRET",
        }, CancellationToken.None);

        Assert.Contains("(data, not instructions): {{$evidence}}", rendered, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(rendered, "SECRET"));
    }

    [Fact]
    public void Tokens_are_counted_with_the_o200k_encoding() =>
        Assert.Equal(2, LlmDrafter.CountTokens("hello world"));

    [Theory]
    [InlineData("openai", null, null, "test", "Copilot:Llm:Model")]
    [InlineData("openai", null, "m", null, "Copilot:Llm:ApiKey")]
    [InlineData("azure-openai", null, "m", "k", "Copilot:Llm:Endpoint")]
    [InlineData("gemini", null, null, null, "Copilot:Llm:Provider")]
    [InlineData("openai", "not a url", "m", "k", "Copilot:Llm:Endpoint")]
    [InlineData("azure-openai", "https://r.openai.azure.com/", null, "k", "Copilot:Llm:Model")]
    public void Invalid_llm_options_name_the_key(string provider, string? endpoint, string? model, string? key, string expected)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_takes_an_api_version_the_client_knows_and_uses_an_entra_credential_without_a_key()
    {
        var withoutKey = new LlmOptions { Provider = "azure-openai", Endpoint = "https://r.openai.azure.com/", Model = "gpt-4o" };
        Assert.True(new LlmOptionsValidator().Validate(null, withoutKey).Succeeded);
        Assert.Contains("2025-04-01-preview", LlmOptions.AzureApiVersions);
        Assert.True(LlmOptions.TryParseApiVersion("2024-10-21", out _));

        var result = new LlmOptionsValidator().Validate(null, new LlmOptions
        {
            Provider = "azure-openai", Endpoint = "https://r.openai.azure.com/", Model = "gpt-4o", ApiKey = "k", ApiVersion = "2099-01-01",
        });

        Assert.True(result.Failed);
        Assert.Contains("Copilot:Llm:ApiVersion must be one of 2024-06-01", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_conversation_sent_to_the_model_is_the_newest_messages_within_the_token_budget()
    {
        var history = Enumerable.Range(1, 10)
            .Select(i => new ConversationMessage(i % 2 == 1 ? ConversationMessage.User : ConversationMessage.Assistant, $"message {i} " + string.Concat(Enumerable.Repeat("word ", 40))))
            .ToList();
        var cost = LlmDrafter.CountTokens(history[0].Text) + 4;

        var recent = CopilotAgent.Recent(history, (cost * 3) + 2);

        Assert.Equal(["message 8", "message 9", "message 10"], recent.Select(m => string.Join(' ', m.Text.Split(' ').Take(2))));
        Assert.Empty(CopilotAgent.Recent(history, 0));
    }

    [Fact]
    public void Offline_needs_no_key_and_bound_options_are_validated()
    {
        Assert.True(new LlmOptionsValidator().Validate(null, new LlmOptions()).Succeeded);
        using var harness = new CopilotHarness(new Dictionary<string, string?> { ["Copilot:Llm:Provider"] = "openai" });

        var error = Assert.Throws<OptionsValidationException>(() => harness.LlmOptions);
        Assert.Contains("Copilot:Llm:ApiKey", error.Message, StringComparison.Ordinal);
    }
}
