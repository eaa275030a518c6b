using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge.Retrieval;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CopilotBot.Bot;

/// <summary>Health endpoints (<c>/healthz</c> liveness, <c>/readyz</c> readiness) and OpenTelemetry.</summary>
public static class BotOperations
{
    /// <summary>Configuration key of the OTLP endpoint; <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too.</summary>
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddBotOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck<PortfolioStoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<PlaybookIndexHealthCheck>("index", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);

        var endpoint = configuration[OtlpEndpointKey] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            // Our meter and source still work (MeterListener, dotnet-counters); nothing leaves the process.
            return services;
        }

        var protocol = string.Equals(configuration["Telemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase)
            ? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc
            : OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
        var baseUri = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "copilotbot"))
            .WithTracing(t => t
                .AddSource(CopilotTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Configure(o, baseUri, "v1/traces", protocol)))
            .WithMetrics(m => m
                .AddMeter(CopilotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    Configure(o, baseUri, "v1/metrics", protocol);
                    if (int.TryParse(configuration["Telemetry:MetricExportIntervalMs"], out var interval) && interval > 0)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                    }
                }));
        return services;
    }

    public static IEndpointRouteBuilder MapBotOperations(this IEndpointRouteBuilder endpoints)
    {
        // Liveness: the process answers. Readiness: the store opens, the index loads, the outbox is readable.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        });
        return endpoints;
    }

    private static void Configure(OpenTelemetry.Exporter.OtlpExporterOptions options, Uri baseUri, string signal, OpenTelemetry.Exporter.OtlpExportProtocol protocol)
    {
        options.Protocol = protocol;
        options.Endpoint = protocol == OpenTelemetry.Exporter.OtlpExportProtocol.Grpc ? baseUri : new Uri(baseUri, signal);
    }

    private static Task WriteReportAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}

/// <summary>Ready when the portfolio store opens and answers.</summary>
internal sealed class PortfolioStoreHealthCheck(IPortfolioStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.HasPortfolioAsync(cancellationToken)
                ? HealthCheckResult.Healthy("portfolio store open")
                : HealthCheckResult.Unhealthy("portfolio store open but empty: run copilot import");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("portfolio store does not open: " + ex.GetType().Name);
        }
    }
}

/// <summary>Ready when the playbook index loads.</summary>
internal sealed class PlaybookIndexHealthCheck(IPlaybookIndex index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var records = await index.GetRecordsAsync(cancellationToken);
            return records.Count > 0
                ? HealthCheckResult.Healthy($"{records.Count} playbook passages")
                : HealthCheckResult.Unhealthy("playbook index empty: run copilot index");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("playbook index does not load: " + ex.GetType().Name);
        }
    }
}

/// <summary>Degraded (still ready) while replies are dead-lettered, so that they are seen rather than lost quietly.</summary>
internal sealed class OutboxHealthCheck(IPendingReplyStore outbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dead = await outbox.ListAsync(PendingReplyState.DeadLettered, cancellationToken);
            return dead.Count == 0
                ? HealthCheckResult.Healthy("no dead-lettered replies")
                : HealthCheckResult.Degraded($"{dead.Count} dead-lettered repl(ies)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("outbox does not open: " + ex.GetType().Name);
        }
    }
}
