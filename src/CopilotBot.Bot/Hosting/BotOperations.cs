using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge.Retrieval;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
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

        // The exporters are decided when the providers are built, so that every configuration source (including
        // ones added after registration, as tests and in-process hosts do) is seen; without an endpoint nothing leaves the process.
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "copilotbot"))
            .WithTracing(t => t
                .AddSource(CopilotTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation()
                .Deferred((provider, builder) =>
                {
                    if (Otlp(provider.GetRequiredService<IConfiguration>(), "v1/traces") is { } options)
                    {
                        builder.AddProcessor(new BatchActivityExportProcessor(new OtlpTraceExporter(options)));
                    }
                }))
            .WithMetrics(m => m
                .AddMeter(CopilotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .Deferred((provider, builder) =>
                {
                    var settings = provider.GetRequiredService<IConfiguration>();
                    if (Otlp(settings, "v1/metrics") is { } options)
                    {
                        var interval = int.TryParse(settings["Telemetry:MetricExportIntervalMs"], out var ms) && ms > 0 ? ms : 60_000;
                        builder.AddReader(new PeriodicExportingMetricReader(new OtlpMetricExporter(options), interval));
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

    private static TracerProviderBuilder Deferred(this TracerProviderBuilder builder, Action<IServiceProvider, TracerProviderBuilder> configure) =>
        ((IDeferredTracerProviderBuilder)builder).Configure(configure);

    private static MeterProviderBuilder Deferred(this MeterProviderBuilder builder, Action<IServiceProvider, MeterProviderBuilder> configure) =>
        ((IDeferredMeterProviderBuilder)builder).Configure(configure);

    private static OtlpExporterOptions? Otlp(IConfiguration configuration, string signal)
    {
        var endpoint = configuration[OtlpEndpointKey] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        var grpc = string.Equals(configuration["Telemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var baseUri = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        return new OtlpExporterOptions
        {
            Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            Endpoint = grpc ? baseUri : new Uri(baseUri, signal),
        };
    }

    private static Task WriteReportAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}

/// <summary>A readiness probe: its own verdict, or Unhealthy naming what failed when the resource does not open.</summary>
internal abstract class ProbeHealthCheck(string what) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ProbeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{what} does not open: {ex.GetType().Name}");
        }
    }

    protected abstract Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>Ready when the portfolio store opens and holds a portfolio.</summary>
internal sealed class PortfolioStoreHealthCheck(IPortfolioStore store) : ProbeHealthCheck("portfolio store")
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken) =>
        await store.HasPortfolioAsync(cancellationToken)
            ? HealthCheckResult.Healthy("portfolio store open")
            : HealthCheckResult.Unhealthy("portfolio store open but empty: run copilot import");
}

/// <summary>Ready when the playbook index loads with passages.</summary>
internal sealed class PlaybookIndexHealthCheck(IPlaybookIndex index) : ProbeHealthCheck("playbook index")
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var records = await index.GetRecordsAsync(cancellationToken);
        return records.Count > 0
            ? HealthCheckResult.Healthy($"{records.Count} playbook passages")
            : HealthCheckResult.Unhealthy("playbook index empty: run copilot index");
    }
}

/// <summary>Degraded (still ready) while replies are dead-lettered, so that they are seen rather than lost quietly.</summary>
internal sealed class OutboxHealthCheck(IPendingReplyStore outbox) : ProbeHealthCheck("outbox")
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var dead = await outbox.ListAsync(PendingReplyState.DeadLettered, cancellationToken);
        return dead.Count == 0
            ? HealthCheckResult.Healthy("no dead-lettered replies")
            : HealthCheckResult.Degraded($"{dead.Count} dead-lettered repl(ies)");
    }
}
