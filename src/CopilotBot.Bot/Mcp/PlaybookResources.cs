using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Ingestion;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CopilotBot.Bot.Mcp;

/// <summary>
/// The playbook library as MCP resources, <c>copilotbot://playbooks/FILE.md</c>: the same path as the
/// <c>playbooks/FILE.md#section</c> sources that tool results cite, so a client can open the whole playbook a
/// citation points into. Only files of the library are served; a URI is looked up, never turned into a path.
/// </summary>
internal sealed class PlaybookResources(IOptions<KnowledgeOptions> options)
{
    public const string UriPrefix = "copilotbot://playbooks/";
    private const string MimeType = "text/markdown";

    public ListResourcesResult List()
    {
        var resources = Files().Select(file =>
        {
            var title = Title(file);
            return new Resource
            {
                Uri = UriPrefix + Path.GetFileName(file),
                Name = Path.GetFileNameWithoutExtension(file),
                Title = title,
                Description = $"Playbook: {title}",
                MimeType = MimeType,
                Size = new FileInfo(file).Length,
            };
        });
        return new ListResourcesResult { Resources = [.. resources] };
    }

    public async Task<ReadResourceResult> ReadAsync(string uri, CancellationToken cancellationToken)
    {
        var file = uri.StartsWith(UriPrefix, StringComparison.Ordinal)
            ? Files().FirstOrDefault(f => string.Equals(Path.GetFileName(f), uri[UriPrefix.Length..], StringComparison.Ordinal))
            : null;
        if (file is null)
        {
            throw new McpProtocolException($"No playbook resource '{uri}'.", McpErrorCode.ResourceNotFound);
        }

        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri, MimeType = MimeType, Text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) }],
        };
    }

    private IEnumerable<string> Files() =>
        Directory.Exists(options.Value.PlaybooksDirectory)
            ? Directory.EnumerateFiles(options.Value.PlaybooksDirectory, "*.md", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];

    private static string Title(string file)
    {
        try
        {
            return PlaybookParser.Parse(file, File.ReadAllText(file)).Title;
        }
        catch (PlaybookFormatException)
        {
            return Path.GetFileNameWithoutExtension(file); // the index reports the malformed file; here it is still readable
        }
    }
}
