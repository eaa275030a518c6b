using BenchmarkDotNet.Attributes;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Sample;

namespace CopilotBot.Benchmarks;

/// <summary>
/// Fuzzy account lookup (what every "health of Contoso" pays) over the generated portfolio's accounts, by id, by exact
/// name, by leading word and by a name with a typo, the last being the worst case: a distance to every name.
/// </summary>
[MemoryDiagnoser]
public class AccountMatcherBenchmarks
{
    private IReadOnlyList<Account> _accounts = [];

    [Params(10_000)]
    public int Accounts { get; set; }

    /// <summary>The account looked up, three quarters of the way down the list (ids are matched in order).</summary>
    public Account Target { get; private set; } = null!;

    public string Prefix { get; private set; } = "";

    public string Typo { get; private set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // Names do not depend on the weeks of history; one week keeps the setup short.
        _accounts = SamplePortfolioGenerator.Generate(new SampleOptions { Accounts = Accounts, Weeks = 1 }).Accounts;
        Target = _accounts[_accounts.Count * 3 / 4];
        Prefix = Target.Name.Split(' ')[0];
        Typo = Transpose(Target.Name);
    }

    [Benchmark]
    public AccountMatch ById() => AccountMatcher.Match(Target.AccountId, _accounts);

    [Benchmark]
    public AccountMatch ExactName() => AccountMatcher.Match(Target.Name, _accounts);

    [Benchmark]
    public AccountMatch LeadingWord() => AccountMatcher.Match(Prefix, _accounts);

    [Benchmark]
    public AccountMatch NameWithTypo() => AccountMatcher.Match(Typo, _accounts);

    /// <summary>Swaps two different letters near the middle of the name's first word, the commonest slip ("Cotnoso").</summary>
    private static string Transpose(string name)
    {
        var chars = name.ToCharArray();
        var end = name.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space ? space : name.Length;
        for (var at = Math.Max(1, (end / 2) - 1); at + 1 < end; at++)
        {
            if (chars[at] != chars[at + 1])
            {
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return new string(chars);
            }
        }

        throw new InvalidOperationException($"No two different letters to swap in '{name}'.");
    }
}
