using Microsoft.Extensions.VectorData;

namespace CopilotBot.Knowledge.Storage;

/// <summary>
/// A chunk as stored in a vector store. <see cref="FileHash"/> fingerprints the file content together with the
/// chunker and embedder in force, which is how re-indexing tells unchanged files from changed ones.
/// </summary>
public sealed record PlaybookRecord
{
    [VectorStoreKey]
    public required string Id { get; init; }

    [VectorStoreData(IsIndexed = true)]
    public required string File { get; init; }

    [VectorStoreData]
    public required string FileHash { get; init; }

    [VectorStoreData(IsIndexed = true)]
    public required string Source { get; init; }

    [VectorStoreData]
    public required string Title { get; init; }

    [VectorStoreData]
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    [VectorStoreData(IsFullTextIndexed = true)]
    public required string Text { get; init; }

    /// <summary>The playbook's overview, which this passage is retrieved with but does not cite.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Context { get; init; } = string.Empty;

    [VectorStoreData(IsIndexed = true)]
    public IReadOnlyList<string> Risks { get; init; } = [];

    [VectorStoreData(IsIndexed = true)]
    public IReadOnlyList<string> Stages { get; init; } = [];

    [VectorStoreData(IsIndexed = true)]
    public IReadOnlyList<string> Personas { get; init; } = [];

    /// <summary>The embedding; its length is whatever the configured embedder produces.</summary>
    [VectorStoreVector(Embeddings.OfflineEmbeddingGenerator.DefaultDimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; init; }

    /// <summary>The search contract's view of this chunk.</summary>
    public PlaybookHit ToHit(double score) =>
        new(Id, Source, Title, HeadingPath, Text, score, Risks, Stages, Personas);
}
