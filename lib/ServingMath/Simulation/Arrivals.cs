using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ServingMath.Simulation;

/// <summary>One request as it reaches the router: when, and how many tokens in and out.</summary>
/// <param name="ArrivalSeconds">Arrival time, seconds from the start of the run. Range: ≥ 0, non-decreasing along a list.</param>
/// <param name="PromptTokens">Prompt (input) tokens. Range: ≥ 1.</param>
/// <param name="OutputTokens">Output tokens to generate. Range: ≥ 1.</param>
/// <param name="RequestId">An id carried into the trace; null means the index in the list.</param>
/// <param name="PrefixId">
/// What the request's first <paramref name="PrefixTokens"/> tokens are: requests with the same id share those tokens (a
/// system prompt, e.g. <c>"support-bot-v2"</c>; a conversation, e.g. <c>"chat-17"</c>). Null: it shares nothing.
/// </param>
/// <param name="PrefixTokens">
/// How many leading tokens of its sequence (prompt, then output) are <paramref name="PrefixId"/>'s: a shared system prompt's
/// length, or — for a conversation turn — its whole prompt + output, which the next turn repeats. Range: 0 ≤ PrefixTokens ≤ prompt + output.
/// </param>
public sealed record ArrivalRequest(double ArrivalSeconds, int PromptTokens, int OutputTokens, string? RequestId = null, string? PrefixId = null, int PrefixTokens = 0);

/// <summary>Arrival streams for the simulator: Poisson at a rate, or replayed from a file or a recorded trace.</summary>
public static class Arrivals
{
    /// <summary>The header a CSV arrival file must start with.</summary>
    public const string CsvHeader = "arrival_s,prompt_tokens,output_tokens";

    /// <summary>
    /// A Poisson arrival stream: inter-arrival times are exponential with mean 1/λ, so the number of arrivals in
    /// any interval of t seconds is Poisson with mean λt. The first arrival comes one inter-arrival time after 0.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="requests">How many requests (n). Range: n ≥ 1.</param>
    /// <param name="seed">Random seed; the same seed gives the same stream.</param>
    /// <param name="promptTokens">Prompt tokens of every request. Range: ≥ 1; default 512.</param>
    /// <param name="outputTokens">Output tokens of every request. Range: ≥ 1; default 128.</param>
    /// <returns>The requests in arrival order.</returns>
    public static IReadOnlyList<ArrivalRequest> Poisson(double arrivalRate, int requests, int seed, int promptTokens = 512, int outputTokens = 128)
    {
        Guard.Positive(promptTokens, nameof(promptTokens), "tokens per prompt");
        Guard.Positive(outputTokens, nameof(outputTokens), "tokens per answer");
        return Poisson(arrivalRate, requests, seed, _ => promptTokens, _ => outputTokens);
    }

    /// <summary>
    /// A Poisson arrival stream (exponential inter-arrival times, mean 1/λ) whose prompt and output lengths are drawn
    /// per request, e.g. <c>r =&gt; 1 + (int)MathNet.Numerics.Distributions.Geometric.Sample(r, 1.0 / 200)</c>.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="requests">How many requests (n). Range: n ≥ 1.</param>
    /// <param name="seed">Random seed; the same seed gives the same stream.</param>
    /// <param name="promptTokens">Draws one prompt length from the given random source. Range of results: ≥ 1.</param>
    /// <param name="outputTokens">Draws one output length from the given random source. Range of results: ≥ 1.</param>
    /// <returns>The requests in arrival order.</returns>
    public static IReadOnlyList<ArrivalRequest> Poisson(
        double arrivalRate, int requests, int seed, Func<Random, int> promptTokens, Func<Random, int> outputTokens)
    {
        Guard.Positive(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(requests, nameof(requests), "requests to simulate");
        Guard.NotNull(promptTokens, nameof(promptTokens));
        Guard.NotNull(outputTokens, nameof(outputTokens));
        var times = Streams.Create(seed, Streams.Arrivals);
        var lengths = Streams.Create(seed, Streams.Lengths);
        var result = new ArrivalRequest[requests];
        var t = 0.0;
        for (var i = 0; i < requests; i++)
        {
            t += Exponential.Sample(times, arrivalRate);
            var prompt = promptTokens(lengths);
            var output = outputTokens(lengths);
            if (prompt < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(promptTokens), $"promptTokens must draw at least 1 token; got {prompt}");
            }

            if (output < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(outputTokens), $"outputTokens must draw at least 1 token; got {output}");
            }

            result[i] = new ArrivalRequest(t, prompt, output);
        }

        return result;
    }

    /// <summary>
    /// Reads an arrival file by its extension: <c>.jsonl</c> as a recorded trace (<see cref="Tracing.ReadJsonLines(string)"/>,
    /// durations in milliseconds or seconds, replayed with <see cref="FromTraces"/>); <c>.json</c> as a vLLM benchmark
    /// result (<see cref="ReadVllmBenchmark(TextReader, string)"/>); anything else as CSV with the header
    /// <c>arrival_s,prompt_tokens,output_tokens</c>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The requests in arrival order.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">A line is unreadable or out of time order (its line number is named).</exception>
    /// <example><code>var replayed = Simulator.LlmReplicas(config with { Replicas = 2 }, Arrivals.ReadFile("data/sample-trace.jsonl"));</code></example>
    public static IReadOnlyList<ArrivalRequest> ReadFile(string path)
    {
        Guard.NotEmptyPath(path, nameof(path));
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return FromTraces(Tracing.ReadJsonLines(path));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"arrival file not found: '{Path.GetFullPath(path)}'", path);
        }

        using var reader = new StreamReader(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadVllmBenchmark(reader, Path.GetFileName(path))
            : ReadCsv(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads the requests of a vLLM serving benchmark result (<c>vllm bench serve --save-result --save-detailed</c>): its
    /// per-request <c>start_times</c> (seconds, shifted so the first request arrives at 0), <c>input_lens</c> (prompt tokens)
    /// and <c>output_lens</c> (output tokens; a failed request with 0 is replayed asking for 1). Ids are each request's
    /// index in the file; requests are returned in arrival order.
    /// </summary>
    /// <param name="reader">The JSON text.</param>
    /// <param name="sourceName">A name for error messages, e.g. the file name.</param>
    /// <returns>The requests in arrival order.</returns>
    /// <exception cref="InvalidDataException">The JSON lacks an array, or an entry is not a time or a token count (its index is named).</exception>
    public static IReadOnlyList<ArrivalRequest> ReadVllmBenchmark(TextReader reader, string sourceName = "benchmark result")
    {
        Guard.NotNull(reader, nameof(reader));
        return VllmBenchmarkResult.Read(reader, sourceName);
    }

    /// <summary>
    /// Reads CSV arrivals: a header <c>arrival_s,prompt_tokens,output_tokens</c>, then one request per line
    /// (seconds, tokens, tokens; invariant culture). Blank lines are skipped.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">A name for error messages, e.g. the file name.</param>
    /// <returns>The requests in arrival order.</returns>
    /// <exception cref="InvalidDataException">A line is unreadable or out of time order (its line number is named).</exception>
    public static IReadOnlyList<ArrivalRequest> ReadCsv(TextReader reader, string sourceName = "arrivals")
    {
        Guard.NotNull(reader, nameof(reader));
        var header = reader.ReadLine()?.Trim().TrimStart('\uFEFF');
        if (header != CsvHeader)
        {
            throw new InvalidDataException($"{sourceName} line 1: the header should be '{CsvHeader}'; got '{header}'");
        }

        return TimeOrderedLines.Read(reader, sourceName, linesAlreadyRead: 1, (line, number) => ParseCsvLine(line, number, sourceName),
            r => r.ArrivalSeconds, "arrival_s");
    }

    /// <summary>
    /// Replays a recorded trace: each request's arrival time, prompt tokens and output tokens (a request that produced
    /// no tokens — rejected or timed out — is replayed asking for one). Request ids and shared prefixes
    /// (<c>prefix_id</c>, <c>prefix_tokens</c>) are kept.
    /// </summary>
    /// <param name="traces">A recorded trace, in arrival order.</param>
    /// <returns>The requests in arrival order.</returns>
    public static IReadOnlyList<ArrivalRequest> FromTraces(IEnumerable<RequestTrace> traces)
    {
        Guard.NotNull(traces, nameof(traces));
        return traces
            .Select(t => new ArrivalRequest(t.ArrivalSeconds, Math.Max(1, t.PromptTokens), Math.Max(1, t.OutputTokens), t.RequestId, t.PrefixId, t.PrefixTokens))
            .ToArray();
    }

    private static ArrivalRequest ParseCsvLine(string line, int lineNumber, string sourceName)
    {
        var cells = line.Split(',');
        if (cells.Length != 3)
        {
            throw new InvalidDataException(
                $"{sourceName} line {lineNumber}: expected 3 comma-separated values (arrival_s,prompt_tokens,output_tokens); got {cells.Length}");
        }

        if (!double.TryParse(cells[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var time) || !double.IsFinite(time) || time < 0)
        {
            throw new InvalidDataException($"{sourceName} line {lineNumber}, column 1 (arrival_s): '{cells[0].Trim()}' is not a time ≥ 0 in seconds");
        }

        var prompt = ParseTokens(cells[1], lineNumber, 2, "prompt_tokens", sourceName);
        var output = ParseTokens(cells[2], lineNumber, 3, "output_tokens", sourceName);
        return new ArrivalRequest(time, prompt, output);
    }

    private static int ParseTokens(string cell, int line, int column, string name, string source)
    {
        if (!int.TryParse(cell.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new InvalidDataException($"{source} line {line}, column {column} ({name}): '{cell.Trim()}' is not a whole number ≥ 1");
        }

        return value;
    }
}

/// <summary>Seeded, independent random streams (one per purpose) so that, e.g., arrivals do not change when the service model does.</summary>
internal static class Streams
{
    internal const int Arrivals = 1;
    internal const int Service = 2;
    internal const int Lengths = 3;
    internal const int StepNoise = 4;
    internal const int DraftAcceptance = 5;

    /// <summary>A fast non-thread-safe xoshiro256** generator seeded from (seed, stream).</summary>
    internal static Xoshiro256StarStar Create(int seed, int stream)
    {
        // SplitMix-style mix so neighbouring seeds and streams give unrelated sequences.
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)stream * 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Xoshiro256StarStar(unchecked((int)(z ^ (z >> 32))), threadSafe: false);
    }
}
