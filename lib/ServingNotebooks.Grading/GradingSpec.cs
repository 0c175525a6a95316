using ServingMath;

namespace ServingNotebooks.Grading;

/// <summary>
/// The grading spec of the ten exercise notebooks. It lives in the grader, not in the notebooks, so the
/// hidden cases are not in the student version. Every expected value is computed by ServingMath.
/// </summary>
public static class GradingSpec
{
    /// <summary>The ten exercises, in order.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } = Build();

    /// <summary>The exercise graded from a notebook file name (case-insensitive), or null when it is not one of the ten.</summary>
    /// <param name="fileName">A file name or path, e.g. "submissions/ada/04-kv-concurrency.ipynb".</param>
    public static Exercise? ForNotebook(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return Exercises.FirstOrDefault(e => string.Equals(e.Notebook, name, StringComparison.OrdinalIgnoreCase));
    }

    private static HiddenCase Case(object? expected, params object[] args) => new(args, expected);

    private static IReadOnlyList<Exercise> Build() =>
    [
        new()
        {
            Number = 1, Notebook = "01-littles-law.ipynb", Title = "Little's law", AnswerVariable = "L",
            Kind = AnswerKind.Number, FunctionName = "Concurrency",
            Expected = Queueing.LittlesLaw(12, 2.0),
            HiddenCases =
            [
                Case(Queueing.LittlesLaw(5, 3), 5d, 3d),
                Case(Queueing.LittlesLaw(0.5, 10), 0.5, 10d),
                Case(Queueing.LittlesLaw(250, 0.04), 250d, 0.04),
            ],
            Hint = "Little's law: L = λ × W (arrivals per second × seconds in the system).",
        },
        new()
        {
            Number = 2, Notebook = "02-utilization.ipynb", Title = "Utilization", AnswerVariable = "rho",
            Kind = AnswerKind.Number, FunctionName = "Utilization",
            Expected = Queueing.Utilization(30, 50),
            HiddenCases =
            [
                Case(Queueing.Utilization(45, 50), 45d, 50d),
                Case(Queueing.Utilization(7, 20), 7d, 20d),
                Case(Queueing.Utilization(0, 10), 0d, 10d),
            ],
            Hint = "Utilization ρ = λ / μ: arrival rate over service rate.",
        },
        new()
        {
            Number = 3, Notebook = "03-latency-budget.ipynb", Title = "Latency budget", AnswerVariable = "total",
            Kind = AnswerKind.Number, FunctionName = "EndToEndMs",
            Expected = Latency.EndToEnd(20, 100, 40, 15, 5),
            HiddenCases =
            [
                Case(Latency.EndToEnd(0, 57, 200, 8.2, 3), 0d, 57d, 200, 8.2, 3d),
                Case(Latency.EndToEnd(150, 29, 1, 10, 0), 150d, 29d, 1, 10d, 0d),
                Case(Latency.EndToEnd(5, 250, 0, 12, 20), 5d, 250d, 0, 12d, 20d),
            ],
            Hint = "total = queue + prefill + outputTokens × TPOT + post (every output token costs one TPOT here).",
        },
        new()
        {
            Number = 4, Notebook = "04-kv-concurrency.ipynb", Title = "KV-cache concurrency", AnswerVariable = "maxRequests",
            Kind = AnswerKind.Integer, FunctionName = "MaxRequests",
            Expected = KvCache.MaxConcurrentRequests(32, 0.8),
            HiddenCases =
            [
                Case(KvCache.MaxConcurrentRequests(0.3, 0.1), 0.3, 0.1),
                Case(KvCache.MaxConcurrentRequests(60, 0.7), 60d, 0.7),
                Case(KvCache.MaxConcurrentRequests(1.2, 0.05), 1.2, 0.05),
            ],
            Hint = "⌊available / per request⌋ — and 0.8 is not exactly 0.8 in binary: divide decimals (or round before flooring).",
        },
        new()
        {
            Number = 5, Notebook = "05-cost-per-million.ipynb", Title = "Cost per million tokens", AnswerVariable = "cpm",
            Kind = AnswerKind.Number, FunctionName = "CostPerMillion",
            Expected = Cost.PerMillionTokens(3.0, 1000),
            HiddenCases =
            [
                Case(Cost.PerMillionTokens(2.5, 16_356.2), 2.5, 16_356.2),
                Case(Cost.PerMillionTokens(12, 137.8), 12d, 137.8),
                Case(Cost.PerMillionTokens(0, 500), 0d, 500d),
            ],
            Hint = "cost per million = hourly cost / (tokens per second × 3600) × 1 000 000.",
        },
        new()
        {
            Number = 6, Notebook = "06-batch-choice.ipynb", Title = "Batch choice", AnswerVariable = "best",
            Kind = AnswerKind.NullableIndex, FunctionName = "BestBatch",
            Expected = Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 500),
            HiddenCases =
            [
                Case(Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 150), new double[] { 100, 180, 240 }, new double[] { 200, 450, 900 }, 150d),
                Case(Batching.BestBatchIndex([137.8, 1065.9, 3914.2, 7077.3, 11550.9], [7.26, 7.51, 8.18, 9.04, 11.08], 10), new double[] { 137.8, 1065.9, 3914.2, 7077.3, 11550.9 }, new double[] { 7.26, 7.51, 8.18, 9.04, 11.08 }, 10d),
                Case(Batching.BestBatchIndex([50, 300, 200], [100, 400, 300], 1000), new double[] { 50, 300, 200 }, new double[] { 100, 400, 300 }, 1000d),
            ],
            Hint = "Among the options whose latency is within the limit, pick the highest throughput; return null when none is.",
        },
        new()
        {
            Number = 7, Notebook = "07-autoscaling.ipynb", Title = "Autoscaling", AnswerVariable = "replicas",
            Kind = AnswerKind.Integer, FunctionName = "Replicas",
            Expected = Autoscaling.Replicas(120, 30, 0.75),
            HiddenCases =
            [
                Case(Autoscaling.Replicas(90, 30, 0.75), 90d, 30d, 0.75),
                Case(Autoscaling.Replicas(9, 3, 0.6), 9d, 3d, 0.6),
                Case(Autoscaling.Replicas(1000, 7, 0.8), 1000d, 7d, 0.8),
            ],
            Hint = "replicas = ⌈λ / (μ × target)⌉ — an exact whole number must not be rounded up to the next one.",
        },
        new()
        {
            Number = 8, Notebook = "08-error-budget.ipynb", Title = "Error budget", AnswerVariable = "allowed",
            Kind = AnswerKind.Integer, FunctionName = "AllowedFailures",
            Expected = ErrorBudget.AllowedFailures(1_000_000, 0.999),
            HiddenCases =
            [
                Case(ErrorBudget.AllowedFailures(1_000_000, 0.9999), 1_000_000L, 0.9999),
                Case(ErrorBudget.AllowedFailures(2_500_000, 0.995), 2_500_000L, 0.995),
                Case(ErrorBudget.AllowedFailures(999, 0.999), 999L, 0.999),
            ],
            Hint = "allowed = ⌊requests × (1 − SLO)⌋ — 1 − 0.9999 is not exactly 0.0001 in binary.",
        },
        new()
        {
            Number = 9, Notebook = "09-degradation.ipynb", Title = "Degradation", AnswerVariable = "best",
            Kind = AnswerKind.NullableIndex, FunctionName = "BestAction",
            Expected = Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 1300),
            HiddenCases =
            [
                Case(Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 500), new double[] { 2000, 1200, 900 }, new double[] { 1.0, 0.95, 0.90 }, 500d),
                Case(Degradation.BestAction([400, 800, 1500], [0.7, 0.9, 1.0], 2000), new double[] { 400, 800, 1500 }, new double[] { 0.7, 0.9, 1.0 }, 2000d),
                Case(Degradation.BestAction([300, 250, 900], [0.8, 0.85, 0.99], 600), new double[] { 300, 250, 900 }, new double[] { 0.8, 0.85, 0.99 }, 600d),
            ],
            Hint = "Among the actions within the latency SLO, pick the highest quality; return null when none fits.",
        },
        new()
        {
            Number = 10, Notebook = "10-trace-checklist.ipynb", Title = "Trace checklist", AnswerVariable = "fields",
            Kind = AnswerKind.NameList,
            Expected = Tracing.RequiredFields.ToArray(),
            Hint = "A trace must let you rebuild each request's latency budget: queue, prefill/TTFT, TPOT, tokens, status and fallback.",
        },
    ];
}
