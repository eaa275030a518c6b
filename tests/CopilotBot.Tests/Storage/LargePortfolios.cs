namespace CopilotBot.Tests.Storage;

/// <summary>
/// Test classes that import or store portfolios of hundreds of thousands of rows run one at a time, so that their
/// timings measure the code rather than each other on a two-core machine.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class LargePortfolios
{
    public const string Collection = "Large portfolios";
}
