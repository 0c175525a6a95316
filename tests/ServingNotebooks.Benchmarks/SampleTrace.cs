using MathNet.Numerics.Distributions;
using ServingMath;
using ServingMath.Simulation;

namespace ServingNotebooks.Benchmarks;

/// <summary>
/// Generates notebooks/data/sample-trace.jsonl, the trace notebook 10 reads: one simulated Llama-3-8B replica on one
/// H100 (measured decode and prefill tables), 80 s of chat traffic with a burst in the middle.
/// Run from the repository root: dotnet run --project tests/ServingNotebooks.Benchmarks -- --sample-trace
/// (writes notebooks/data/sample-trace.jsonl; the same code and data always give the same bytes; add --check to only compare).
/// </summary>
public static class SampleTrace
{
    /// <summary>Where the trace goes, relative to the repository root.</summary>
    public const string RelativePath = "notebooks/data/sample-trace.jsonl";

    /// <summary>Traffic phases: Poisson arrivals at a rate (requests/s) for a duration (s), each with its own seed.</summary>
    public static readonly (double Rate, double Seconds, int Seed)[] Phases = [(6, 40, 10), (25, 10, 11), (6, 30, 12)];

    /// <summary>The arrivals: prompts uniform on 128–3072 tokens, answers geometric with mean 200 tokens, times rounded to 0.1 ms.</summary>
    public static List<ArrivalRequest> Arrivals()
    {
        var requests = new List<ArrivalRequest>();
        var start = 0.0;
        foreach (var (rate, seconds, seed) in Phases)
        {
            // Draw more than enough, keep those inside the phase.
            var phase = ServingMath.Simulation.Arrivals.Poisson(
                rate, (int)(2 * rate * seconds), seed, r => r.Next(128, 3073), r => Geometric.Sample(r, 1.0 / 200));
            requests.AddRange(phase.TakeWhile(a => a.ArrivalSeconds < seconds)
                .Select(a => a with { ArrivalSeconds = Math.Round(start + a.ArrivalSeconds, 4) }));
            start += seconds;
        }

        return [.. requests.Select((a, i) => a with { RequestId = $"r{i + 1:D4}" })];
    }

    /// <summary>
    /// One replica: measured H100 step and prefill times, 450 000 tokens of KV cache, at most 256 sequences, a 1 s queue
    /// timeout and at most 30 waiting; timed-out and rejected requests get a cached answer in 40 ms.
    /// </summary>
    public static LlmServingConfig Config(string dataFolder) => new()
    {
        StepTime = MeasuredStepTime.FromCsv(Path.Combine(dataFolder, "decode_by_batch.csv")),
        PrefillTime = MeasuredPrefillTime.FromCsv(Path.Combine(dataFolder, "prefill_by_prompt.csv")),
        Replicas = 1,
        MaxBatchSize = 256,
        KvCacheTokens = 450_000,
        QueueTimeoutSeconds = 1.0,
        MaxQueueLength = 30,
        Fallback = new FallbackRoute("cached-answer", 0.040),
    };

    /// <summary>Simulates and returns the trace, durations rounded to 1 µs (0.001 ms) to keep the file small.</summary>
    public static IReadOnlyList<RequestTrace> Generate(string dataFolder) =>
        [.. Simulator.LlmReplicas(Config(dataFolder), Arrivals()).Trace.Select(t => t with
        {
            QueueMs = Math.Round(t.QueueMs, 3),
            PrefillMs = Math.Round(t.PrefillMs, 3),
            EndToEndMs = Math.Round(t.EndToEndMs, 3),
        })];

    /// <summary>
    /// Finds notebooks/data and writes the trace there (or, with <paramref name="checkOnly"/>, only compares it with the
    /// file); prints a one-line summary. Returns false when checking and the file differs.
    /// </summary>
    public static bool Write(bool checkOnly)
    {
        var data = Workloads.FindData() ?? throw new DirectoryNotFoundException(
            "notebooks/data not found above the program or the working directory; run from the repository root");
        var path = Path.Combine(data, Path.GetFileName(RelativePath));
        var trace = Generate(data);
        var s = Tracing.Summarize(trace);
        var summary = $"{s.Requests} requests ({s.Completed} ok, {s.TimedOut} timed out, {s.Rejected} rejected), " +
            $"p99 TTFT {s.TtftMs.P99:F0} ms, p99 e2e {s.EndToEndMs.P99 / 1000:F1} s";
        if (checkOnly)
        {
            using var text = new StringWriter();
            Tracing.WriteJsonLines(trace, text);
            var same = File.Exists(path) && File.ReadAllText(path) == text.ToString();
            Console.WriteLine(same ? $"{path} is up to date: {summary}" : $"{path} differs from what the generator writes now: {summary}");
            return same;
        }

        Tracing.WriteJsonLines(trace, path);
        Console.WriteLine($"{path}: {summary}");
        return true;
    }
}
