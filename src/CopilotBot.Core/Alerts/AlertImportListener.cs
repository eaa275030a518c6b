using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;

namespace CopilotBot.Core.Alerts;

/// <summary>Runs alert detection after every import, so that every way in (CLI, bot seeding) raises alerts.</summary>
public sealed class AlertImportListener(AlertService alerts) : IPortfolioImportListener
{
    /// <summary>The last detection, for hosts that report what an import raised.</summary>
    public DetectionResult? LastDetection { get; private set; }

    public async Task OnImportedAsync(PortfolioData portfolio, CancellationToken cancellationToken) =>
        LastDetection = await alerts.DetectAsync(cancellationToken).ConfigureAwait(false);
}
