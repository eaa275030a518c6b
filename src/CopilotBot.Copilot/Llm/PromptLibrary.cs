using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// The prompt folders under <c>prompts/</c> (one per artefact: <c>skprompt.txt</c> + <c>config.json</c> with
/// execution settings), loaded once and rendered with Semantic Kernel's template engine.
/// </summary>
public sealed class PromptLibrary
{
    private readonly Dictionary<string, PromptTemplateConfig> _prompts;

    public PromptLibrary(string directory)
    {
        Directory = directory;
        _prompts = new(StringComparer.Ordinal);
        foreach (var folder in System.IO.Directory.GetDirectories(directory))
        {
            var template = Path.Combine(folder, "skprompt.txt");
            var config = Path.Combine(folder, "config.json");
            if (!File.Exists(template) || !File.Exists(config))
            {
                continue;
            }

            var parsed = PromptTemplateConfig.FromJson(File.ReadAllText(config));
            parsed.Template = File.ReadAllText(template);
            _prompts[Path.GetFileName(folder)] = parsed;
        }
    }

    public string Directory { get; }

    public IReadOnlyCollection<string> Names => _prompts.Keys;

    public PromptTemplateConfig Get(string name) =>
        _prompts.TryGetValue(name, out var config) ? config : throw new InvalidOperationException($"Prompt '{name}' is missing from {Directory}.");

    /// <summary>Renders a prompt. Values are inserted verbatim: the result becomes one message, never parsed for roles.</summary>
    public async Task<string> RenderAsync(string name, Kernel kernel, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var factory = new KernelPromptTemplateFactory { AllowDangerouslySetContent = true };
        return await factory.Create(Get(name)).RenderAsync(kernel, arguments, cancellationToken).ConfigureAwait(false);
    }
}
