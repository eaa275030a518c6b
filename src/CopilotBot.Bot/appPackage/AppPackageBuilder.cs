using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CopilotBot.Bot.AppPackage;

/// <summary>What goes into the Teams app manifest's placeholders.</summary>
/// <param name="BotAppId">The Microsoft App ID of the Azure Bot registration (a GUID).</param>
public sealed record AppPackageSettings(string BotAppId)
{
    /// <summary>The Teams app id; by default derived from the bot id, so a rebuilt package updates the same app.</summary>
    public string? TeamsAppId { get; init; }

    public string Version { get; init; } = "1.0.0";

    public string DeveloperName { get; init; } = "CopilotBot";

    public string WebsiteUrl { get; init; } = "https://example.com/copilotbot";

    public string PrivacyUrl { get; init; } = "https://example.com/copilotbot/privacy";

    public string TermsOfUseUrl { get; init; } = "https://example.com/copilotbot/terms";
}

/// <summary>
/// Builds the Teams app package: <c>manifest.json</c> with its placeholders filled in, <c>color.png</c> and
/// <c>outline.png</c>, at the root of a zip that "Upload a custom app" accepts. The files are embedded in this
/// assembly, so it works from any working directory.
/// </summary>
public static partial class AppPackageBuilder
{
    private static readonly string[] _files = ["manifest.json", "color.png", "outline.png"];

    // Any fixed GUID would do: it only scopes the derived Teams app ids to this app.
    private static readonly Guid _teamsAppIdNamespace = new("5f1d3b0e-8a52-4c38-9a6e-0c9b7f6a2d41");

    public static Task BuildAsync(string botAppId, string outputZip, CancellationToken cancellationToken = default) =>
        BuildAsync(new AppPackageSettings(botAppId), outputZip, cancellationToken);

    public static async Task BuildAsync(AppPackageSettings settings, string outputZip, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputZip);
        var manifest = RenderManifest(settings);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputZip));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = new FileStream(outputZip, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var name in _files)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            await using var target = await entry.OpenAsync(cancellationToken);
            if (name == "manifest.json")
            {
                await target.WriteAsync(Encoding.UTF8.GetBytes(manifest), cancellationToken);
            }
            else
            {
                await using var source = OpenResource(name);
                await source.CopyToAsync(target, cancellationToken);
            }
        }
    }

    /// <summary>The manifest with every <c>${{NAME}}</c> placeholder replaced; throws on a bad setting.</summary>
    public static string RenderManifest(AppPackageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Guid.TryParse(settings.BotAppId, out var botId))
        {
            throw new ArgumentException($"The bot app id must be the Azure Bot's Microsoft App ID (a GUID), not '{settings.BotAppId}'.", nameof(settings));
        }

        var teamsAppId = settings.TeamsAppId is null ? DeriveTeamsAppId(botId) : Guid.Parse(settings.TeamsAppId);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BOT_ID"] = botId.ToString("D"),
            ["TEAMS_APP_ID"] = teamsAppId.ToString("D"),
            ["APP_VERSION"] = settings.Version,
            ["DEVELOPER_NAME"] = settings.DeveloperName,
            ["DEVELOPER_WEBSITE_URL"] = settings.WebsiteUrl,
            ["DEVELOPER_PRIVACY_URL"] = settings.PrivacyUrl,
            ["DEVELOPER_TERMS_URL"] = settings.TermsOfUseUrl,
        };

        using var reader = new StreamReader(OpenResource("manifest.json"), Encoding.UTF8);
        var template = reader.ReadToEnd();
        var rendered = Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out var value)
                ? JsonEncodedText.Encode(value).ToString()
                : throw new InvalidOperationException($"The manifest template has an unknown placeholder {match.Value}."));

        // Fail here rather than in Teams' upload dialog.
        _ = JsonNode.Parse(rendered);
        return rendered;
    }

    /// <summary>A name-based (version 5) GUID: the same bot id always gives the same Teams app id.</summary>
    internal static Guid DeriveTeamsAppId(Guid botAppId)
    {
        var name = Encoding.UTF8.GetBytes(botAppId.ToString("D"));
        var input = new byte[16 + name.Length];
        _teamsAppIdNamespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 ids; nothing here is secret.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static Stream OpenResource(string name) =>
        typeof(AppPackageBuilder).Assembly.GetManifestResourceStream($"appPackage/{name}")
        ?? throw new InvalidOperationException($"appPackage/{name} is not embedded in {typeof(AppPackageBuilder).Assembly.GetName().Name}.");

    [GeneratedRegex(@"\$\{\{([A-Z_]+)\}\}")]
    private static partial Regex Placeholder();
}
