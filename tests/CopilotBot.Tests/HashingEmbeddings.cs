using System.Runtime.CompilerServices;

namespace CopilotBot.Tests;

/// <summary>
/// Hosts started by these tests (the CLI in process, the bot's builders) embed playbooks with the hashing embedder:
/// the sentence model, the default, costs about 30 ms a passage and 330 MB, and these tests are about behaviour
/// around retrieval, not its quality. Tests that want the model configure it themselves.
/// </summary>
internal static class HashingEmbeddings
{
#pragma warning disable CA2255 // a test assembly's setting for every host it starts, before any test runs
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Use() => Environment.SetEnvironmentVariable("Knowledge__Embeddings", "hashing");
}
