using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Plugins;

/// <summary>Read-only health facts: score, band, components, drag, flags with evidence, trend.</summary>
public sealed class HealthPlugin(PluginSupport support)
{
    [KernelFunction("get_health"), Description("Health of one account as of today: score 0-100, band, trend, the drag component, components with explanations, critical flags and expansion signals, each with cited evidence.")]
    public async Task<object> GetHealthAsync(
        [Description("Account id or company name")] string account,
        CancellationToken cancellationToken = default)
    {
        var ctx = await support.AccountAsync(account, cancellationToken).ConfigureAwait(false);
        if (ctx is null)
        {
            return PluginSupport.NotFound(account);
        }

        var h = ctx.Health;
        return new
        {
            accountId = h.AccountId,
            asOf = h.AsOf,
            score = h.Scored ? h.Score : (int?)null,
            band = h.Band.ToString().ToLowerInvariant(),
            toCollect = h.Scored ? null : Drafting.Format.ToCollect(h),
            drag = h.Drag?.ToString().ToLowerInvariant(),
            trend = new { h.Trend.Score4WeeksAgo, h.Trend.Score12WeeksAgo, h.Trend.Delta4Weeks, h.Trend.Delta12Weeks, h.Trend.EarlyWarning },
            components = h.Components.Select(c => new
            {
                component = c.Component.ToString().ToLowerInvariant(),
                score = c.Score is { } s ? Math.Round(s) : (double?)null,
                weight = c.EffectiveWeight,
                explanation = c.Explanation,
                cites = c.Evidence.Take(3).Select(ctx.Cite).ToList(),
            }),
            flags = h.Flags.Concat(h.Signals).Select(f => new { code = f.Code, description = f.Description, cites = f.Evidence.Take(3).Select(ctx.Cite).ToList() }),
            missingData = h.MissingData,
        };
    }
}
