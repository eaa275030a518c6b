using CopilotBot.Core.Alerts;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Alerts;

public sealed class AlertDetectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly AlertWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Explore()
    {
        var first = await _world.ImportAsync(AlertWorld.SampleFolder, AlertWorld.FirstAsOf);
        foreach (var a in first.Raised)
        {
            output.WriteLine("FIRST " + a.Key + " :: " + a.Title);
        }

        var later = await _world.ImportAsync(AlertWorld.LaterFolder, AlertWorld.LaterAsOf);
        foreach (var a in later.Raised)
        {
            output.WriteLine("LATER " + a.Key + " :: " + a.Title + " -> " + string.Join(",", a.Recipients));
        }

        var again = await _world.ImportAsync(AlertWorld.LaterFolder, AlertWorld.LaterAsOf);
        output.WriteLine("AGAIN " + again.Raised.Count);
        foreach (var a in await _world.Alerts.ListAsync(await _world.ScopeAsync("pattif@example.com"), AlertFilter.All))
        {
            output.WriteLine("ALL " + a.Key + " " + a.StatusAt(_world.Time.GetUtcNow()));
        }
    }
}
