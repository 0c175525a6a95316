using System.Globalization;

namespace ServingMath;

/// <summary>One measured decode step (one row of <c>decode_by_batch.csv</c>): H100, Llama-3-8B shape, bf16.</summary>
/// <param name="Batch">Sequences decoded together in the step (b). Range: ≥ 1.</param>
/// <param name="ContextTokens">Context length of every sequence in the batch, tokens.</param>
/// <param name="TpotMs">Step time = time per output token, CUDA graph replay, milliseconds.</param>
/// <param name="TokensPerSecond">Batch throughput b / TPOT, output tokens per second.</param>
/// <param name="EagerTpotMs">The same step without a CUDA graph (kernel-launch overhead shows), milliseconds.</param>
/// <param name="KvCacheGib">KV cache held by the batch, GiB (2³⁰ bytes).</param>
/// <param name="RooflineTpotMs">Roofline floor max(bytes / 3.02 TB/s, FLOPs / 780 TFLOP/s), milliseconds.</param>
public sealed record DecodeStep(
    int Batch, int ContextTokens, double TpotMs, double TokensPerSecond, double EagerTpotMs, double KvCacheGib, double RooflineTpotMs);

/// <summary>One measured prefill (one row of <c>prefill_by_prompt.csv</c>): TTFT without queueing.</summary>
/// <param name="PromptTokens">Prompt length, tokens.</param>
/// <param name="TtftMs">Prefill time of one prompt (TTFT without queueing), milliseconds.</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens / prefill time, tokens per second.</param>
/// <param name="AchievedTflops">Achieved compute rate, TFLOP/s (10¹² FLOP per second).</param>
public sealed record PrefillTiming(int PromptTokens, double TtftMs, double PrefillTokensPerSecond, double AchievedTflops);

/// <summary>KV-cache bytes per token, measured against the formula (one row of <c>kv_bytes_per_token.csv</c>).</summary>
/// <param name="Model">Model name, e.g. <c>llama-3-8b</c>.</param>
/// <param name="Layers">Transformer layers (L).</param>
/// <param name="KvHeads">Key/value heads (h_kv; fewer than query heads under GQA).</param>
/// <param name="HeadDim">Head dimension (d_head).</param>
/// <param name="DtypeBytes">Bytes per element (2 for bf16).</param>
/// <param name="Tokens">Tokens held in the measured cache.</param>
/// <param name="MeasuredCacheBytes">Bytes the cache really allocated for <paramref name="Tokens"/> tokens.</param>
/// <param name="FormulaBytesPerToken">2 × L × h_kv × d_head × bytes, bytes per token.</param>
public sealed record KvBytesMeasurement(
    string Model, int Layers, int KvHeads, int HeadDim, int DtypeBytes, int Tokens, long MeasuredCacheBytes, long FormulaBytesPerToken)
{
    /// <summary>Measured bytes per token: measured cache bytes / tokens.</summary>
    public double MeasuredBytesPerToken => (double)MeasuredCacheBytes / Tokens;
}

/// <summary>
/// Loaders for the measured H100 files in <c>notebooks/data</c> (copied to <c>data/</c> next to the tests).
/// Numbers are read with the invariant culture (a dot as decimal separator, whatever the machine's locale).
/// </summary>
public static class Measurements
{
    private const string DecodeHeader = "batch,context_tokens,tpot_ms,tokens_per_s,eager_tpot_ms,kv_cache_gib,roofline_tpot_ms";
    private const string PrefillHeader = "prompt_tokens,ttft_ms,prefill_tokens_per_s,achieved_tflops";
    private const string KvHeader = "model,layers,kv_heads,head_dim,dtype_bytes,tokens,measured_cache_bytes,formula_bytes_per_token";

    /// <summary>Loads <c>decode_by_batch.csv</c>: decode step time by batch size and context length.</summary>
    /// <param name="path">Path to the file, e.g. <c>data/decode_by_batch.csv</c>.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">A bad header, a wrong column count, or a bad number (line and column named).</exception>
    public static IReadOnlyList<DecodeStep> LoadDecodeSteps(string path) =>
        Load(path, DecodeHeader, row => new DecodeStep(
            row.Int(0), row.Int(1), row.Double(2), row.Double(3), row.Double(4), row.Double(5), row.Double(6)));

    /// <summary>Loads <c>prefill_by_prompt.csv</c>: prefill time (TTFT without queueing) by prompt length.</summary>
    /// <param name="path">Path to the file, e.g. <c>data/prefill_by_prompt.csv</c>.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">A bad header, a wrong column count, or a bad number (line and column named).</exception>
    public static IReadOnlyList<PrefillTiming> LoadPrefill(string path) =>
        Load(path, PrefillHeader, row => new PrefillTiming(row.Int(0), row.Double(1), row.Double(2), row.Double(3)));

    /// <summary>Loads <c>kv_bytes_per_token.csv</c>: KV-cache bytes per token, measured and by formula.</summary>
    /// <param name="path">Path to the file, e.g. <c>data/kv_bytes_per_token.csv</c>.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">A bad header, a wrong column count, or a bad number (line and column named).</exception>
    public static IReadOnlyList<KvBytesMeasurement> LoadKvBytes(string path) =>
        Load(path, KvHeader, row => new KvBytesMeasurement(
            row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5), row.Long(6), row.Long(7)));

    private static List<T> Load<T>(string path, string header, Func<CsvRow, T> parse)
    {
        Guard.NotEmptyPath(path, nameof(path));
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{file} not found at '{Path.GetFullPath(path)}'. The measured H100 files live in notebooks/data " +
                "(next to the notebooks, and copied to data/ in the test output); pass a path relative to the working directory.",
                path);
        }

        var columns = header.Split(',');
        var lines = File.ReadAllLines(path);
        var firstLine = lines.Length == 0 ? "" : lines[0].Trim().TrimStart('\uFEFF');
        if (firstLine != header)
        {
            throw new InvalidDataException($"{file} line 1: the header should be '{header}'; got '{firstLine}'");
        }

        var rows = new List<T>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != columns.Length)
            {
                throw new InvalidDataException(
                    $"{file} line {i + 1}: expected {columns.Length} comma-separated values ({header}); got {cells.Length}");
            }

            rows.Add(parse(new CsvRow(file, i + 1, cells, columns)));
        }

        return rows;
    }

    private readonly record struct CsvRow(string File, int Line, string[] Cells, string[] Columns)
    {
        public string Text(int column) => Cells[column].Trim();

        public double Double(int column)
        {
            if (!double.TryParse(Cells[column].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw Bad(column, "a number");
            }

            return value;
        }

        public int Int(int column)
        {
            if (!int.TryParse(Cells[column].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw Bad(column, "a whole number");
            }

            return value;
        }

        public long Long(int column)
        {
            if (!long.TryParse(Cells[column].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw Bad(column, "a whole number");
            }

            return value;
        }

        private InvalidDataException Bad(int column, string what) =>
            new($"{File} line {Line}, column {column + 1} ({Columns[column]}): '{Cells[column].Trim()}' is not {what}");
    }
}
