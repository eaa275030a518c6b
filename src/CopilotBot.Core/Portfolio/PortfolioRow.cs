using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Core.Portfolio;

/// <summary>One line of a portfolio view: the account and its health as of the view's date.</summary>
public sealed record PortfolioRow(Account Account, HealthReport Health);
