using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Knowledge;

/// <summary>Registers the playbook index and retrieval.</summary>
public static class KnowledgeServiceCollectionExtensions
{
    public static IServiceCollection AddPlaybooks(this IServiceCollection services)
    {
        return services;
    }
}
