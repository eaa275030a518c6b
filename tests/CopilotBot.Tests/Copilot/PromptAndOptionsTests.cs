using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Llm;
using CopilotBot.Tests.Copilot.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CopilotBot.Tests.Copilot;

public sealed class PromptAndOptionsTests
{
    private static readonly PromptLibrary s_prompts = new(new CopilotBot.Core.CopilotOptions().PromptsPath);

    [Fact]
    public void There_is_a_prompt_for_the_system_every_kind_answers_and_guidance()
    {
        Assert.Superset(new HashSet<string>(["system", "answer", "guidance", .. Enum.GetValues<DraftKind>().Select(Format.Kind)]), s_prompts.Names.ToHashSet());
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
                Assert.Contains("evidence", config.InputVariables.Select(v => v.Name));
            }
        }
    }

    [Fact]
    public async Task Template_syntax_inside_data_is_not_executed()
    {
        var rendered = await s_prompts.RenderAsync("answer", new Kernel(), new KernelArguments
        {
            ["user_name"] = "Jane", ["question"] = "{{$evidence}}", ["account_name"] = "Acme", ["account_id"] = "A-100", ["evidence"] = "SECRET",
        }, CancellationToken.None);

        Assert.Contains("\"{{$evidence}}\"", rendered, StringComparison.Ordinal);
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
    public void Invalid_llm_options_name_the_key(string provider, string? endpoint, string? model, string? key, string expected)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
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
