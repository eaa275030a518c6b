namespace CopilotBot.IntegrationTests;

/// <summary>
/// Tests that build the bot's or the CLI's host in this process outside WebApplicationFactory (soak, bench). The
/// factory finds the host it wraps by listening to every host built in the process, so these run alone, after the
/// parallel tests, instead of racing a factory's start (seen: "Addresses cannot be modified after the server has started").
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessHostsCollection
{
    public const string Name = "In-process hosts";
}
