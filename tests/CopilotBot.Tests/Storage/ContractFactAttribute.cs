using Xunit.Abstractions;
using Xunit.Sdk;

namespace CopilotBot.Tests.Storage;

/// <summary>Marks a test class whose every test needs PostgreSQL, including the <see cref="ContractFactAttribute"/> tests it inherits.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    public static string? SkipReason => PostgresTestDatabase.SkipReason;
}

/// <summary>
/// A test of an abstract contract suite. A fact's skip reason is fixed where it is declared, in the base class, yet
/// only the subclass knows whether its database is there: this discoverer asks the concrete class.
/// </summary>
[XunitTestCaseDiscoverer("CopilotBot.Tests.Storage.ContractFactDiscoverer", "CopilotBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        return needsPostgres && RequiresPostgresAttribute.SkipReason is { } reason
            ?
            [
                new XunitSkippedDataRowTestCase(
                    diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
            ]
            : _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
