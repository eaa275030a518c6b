using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Import;

/// <summary>
/// Told after every successful import (CLI, bot seeding, tests), once the new portfolio is in the store.
/// A listener's failure is logged and does not undo the import.
/// </summary>
public interface IPortfolioImportListener
{
    Task OnImportedAsync(PortfolioData portfolio, CancellationToken cancellationToken);
}
