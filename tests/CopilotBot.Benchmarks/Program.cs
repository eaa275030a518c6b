// BenchmarkDotNet suites of the hot paths: health scoring, playbook search, offline drafts, fuzzy account lookup.
//
//   dotnet run -c Release --project tests/CopilotBot.Benchmarks -- --filter '*'
//       every suite with BenchmarkDotNet's default job: the figures to quote, and many times longer than short;
//   dotnet run -c Release --project tests/CopilotBot.Benchmarks -- --filter '*' --job short
//       quick figures (3 warm-up and 3 measured iterations; about 7 minutes for the 24 cases on 2 cores);
//   dotnet run -c Release --project tests/CopilotBot.Benchmarks -- --filter '*' --job dry
//       one invocation of each case, to check that everything runs.
//
// One suite: --filter '*HealthScoring*'; one case: --filter '*ScorePortfolio*'. Results land in
// ./BenchmarkDotNet.Artifacts/results (markdown, CSV, HTML). Run on an otherwise idle machine for figures to quote.
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Min beside the mean: on a shared machine other processes only ever add time, so the fastest iteration is the
// closest to what the code costs on its own.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
