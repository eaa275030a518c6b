using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Copilot;

/// <summary>Registers the kernel, plugins, prompts and drafting engines behind <see cref="Drafting.ICopilot"/>.</summary>
public static class CopilotServiceCollectionExtensions
{
    public static IServiceCollection AddCopilot(this IServiceCollection services)
    {
        return services;
    }
}
