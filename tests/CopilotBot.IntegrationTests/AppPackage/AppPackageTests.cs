using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using CopilotBot.Bot.AppPackage;

namespace CopilotBot.IntegrationTests.AppPackage;

/// <summary>The Teams app package: layout, manifest against Microsoft's schema, icons as Teams requires them.</summary>
public sealed class AppPackageTests : IDisposable
{
    private const string BotId = "6f1c2b7a-0d4e-4b8f-9a31-2c5d7e9f1a20";
    private readonly string _folder = Directory.CreateTempSubdirectory("appPackage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_package_has_the_manifest_and_both_icons_at_its_root_with_the_bot_id_filled_in()
    {
        var zipPath = Path.Combine(_folder, "out", "copilotbot.zip");
        await AppPackageBuilder.BuildAsync(BotId, zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        var manifest = ReadManifest(zip);
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, (string?)bot["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        var personal = bot["commandLists"]!.AsArray().Single(l => l!["scopes"]!.AsArray().Any(s => (string?)s == "personal"));
        Assert.Superset(
            new HashSet<string?> { "help", "health", "portfolio", "remediation-plan", "discovery-questions", "renewal-talking-points", "pre-call-brief", "account-summary" },
            personal!["commands"]!.AsArray().Select(c => (string?)c!["title"]).ToHashSet());
        Assert.NotEqual(BotId, (string?)manifest["id"]);
        Assert.True(Guid.TryParse((string?)manifest["id"], out _));
    }

    [Fact]
    public async Task The_teams_app_id_is_stable_for_a_bot_so_a_rebuilt_package_updates_the_same_app()
    {
        await AppPackageBuilder.BuildAsync(BotId, Path.Combine(_folder, "a.zip"));
        await AppPackageBuilder.BuildAsync(BotId, Path.Combine(_folder, "b.zip"));
        await AppPackageBuilder.BuildAsync("0b7c2e41-5a6d-4f80-8e1b-3c4d5e6f7a8b", Path.Combine(_folder, "c.zip"));

        string IdOf(string name)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(_folder, name));
            return (string)ReadManifest(zip)["id"]!;
        }

        Assert.Equal(IdOf("a.zip"), IdOf("b.zip"));
        Assert.NotEqual(IdOf("a.zip"), IdOf("c.zip"));
    }

    [Fact]
    public async Task A_bot_id_that_is_not_an_app_registration_id_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AppPackageBuilder.BuildAsync("my-bot", Path.Combine(_folder, "x.zip")));
        Assert.Contains("GUID", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.zip")));
    }

    [Fact]
    public async Task The_icons_have_the_sizes_teams_requires_and_the_outline_is_white_on_transparent()
    {
        var zipPath = Path.Combine(_folder, "icons.zip");
        await AppPackageBuilder.BuildAsync(BotId, zipPath);
        using var zip = ZipFile.OpenRead(zipPath);

        var color = Png.Read(zip.GetEntry("color.png")!);
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.All(color.Pixels, p => Assert.Equal(255, p.A));

        var outline = Png.Read(zip.GetEntry("outline.png")!);
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.All(outline.Pixels, p => Assert.True(p.A == 0 || p is { R: 255, G: 255, B: 255 }, $"outline pixel {p} is neither white nor transparent"));
        Assert.Contains(outline.Pixels, p => p.A == 255);
        Assert.Contains(outline.Pixels, p => p.A == 0);
    }

    [NodeModulesFact("AppPackage/validator")]
    public async Task The_manifest_is_valid_against_the_teams_schema_bundled_by_microsoft_app_manifest()
    {
        var zipPath = Path.Combine(_folder, "schema.zip");
        await AppPackageBuilder.BuildAsync(BotId, zipPath);
        var manifestPath = Path.Combine(_folder, "manifest.json");
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            zip.GetEntry("manifest.json")!.ExtractToFile(manifestPath);
        }

        var (exitCode, output) = await RunNodeAsync(manifestPath);
        Assert.True(exitCode == 0, $"validate.mjs exited {exitCode}:\n{output}");
        Assert.Contains("v1.25", output, StringComparison.Ordinal);

        // The validator must be able to fail, or the pass above means nothing.
        var broken = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        broken["bots"]![0]!["scopes"] = new JsonArray("personal", "everyone");
        await File.WriteAllTextAsync(manifestPath, broken.ToJsonString());
        var (brokenExit, brokenOutput) = await RunNodeAsync(manifestPath);
        Assert.Equal(1, brokenExit);
        Assert.Contains("/bots/0/scopes/1", brokenOutput, StringComparison.Ordinal);
    }

    private static JsonNode ReadManifest(ZipArchive zip)
    {
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string manifestPath)
    {
        var validator = NodeModulesFactAttribute.Folder("AppPackage/validator");
        var start = new ProcessStartInfo("node", ["validate.mjs", manifestPath])
        {
            WorkingDirectory = validator,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Just enough PNG decoding (8-bit RGBA, not interlaced) to check the icons pixel by pixel.</summary>
    private sealed record Png(int Width, int Height, IReadOnlyList<Rgba> Pixels)
    {
        public static Png Read(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);

            int width = 0, height = 0;
            using var idat = new MemoryStream();
            for (var offset = 8; offset < bytes.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
                var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
                var data = bytes.AsSpan(offset + 8, length);
                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal([8, 6, 0, 0, 0], data[8..13].ToArray());
                }
                else if (type == "IDAT")
                {
                    idat.Write(data);
                }

                offset += 12 + length;
            }

            idat.Position = 0;
            using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
            using var raw = new MemoryStream();
            inflater.CopyTo(raw);
            return new Png(width, height, Unfilter(raw.ToArray(), width, height));
        }

        private static List<Rgba> Unfilter(byte[] raw, int width, int height)
        {
            var stride = width * 4;
            var previous = new byte[stride];
            var pixels = new List<Rgba>(width * height);
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                var row = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
                for (var i = 0; i < stride; i++)
                {
                    int left = i >= 4 ? row[i - 4] : 0, up = previous[i], upLeft = i >= 4 ? previous[i - 4] : 0;
                    row[i] += filter switch
                    {
                        0 => 0,
                        1 => (byte)left,
                        2 => (byte)up,
                        3 => (byte)((left + up) / 2),
                        4 => (byte)Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"PNG filter {filter}"),
                    };
                }

                for (var x = 0; x < width; x++)
                {
                    pixels.Add(new Rgba(row[x * 4], row[x * 4 + 1], row[x * 4 + 2], row[x * 4 + 3]));
                }

                previous = row;
            }

            return pixels;
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }

    private sealed record Rgba(byte R, byte G, byte B, byte A);
}
