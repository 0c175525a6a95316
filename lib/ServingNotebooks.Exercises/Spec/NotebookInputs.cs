using ServingMath;
using ServingMath.Simulation;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>
/// The inputs some notebooks build from <c>data/</c> (a simulated trace, the H100 measurements), built here the same way
/// so the grader computes the library's answer for them. A workbook test checks that each notebook's answer for its own
/// inputs equals the answer computed from these.
/// </summary>
public static class NotebookInputs
{
    /// <summary>
    /// Notebook 1's trace: one H100 serving Llama-3-8B (measured step and prefill times), 3000 Poisson arrivals at 12 req/s
    /// (seed 1), 512-token prompts, 180-token answers.
    /// </summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    public static IReadOnlyList<RequestTrace> LittlesLawTrace(string dataDirectory)
    {
        var h100 = H100(dataDirectory);
        var requests = Arrivals.Poisson(12, requests: 3000, seed: 1, promptTokens: 512, outputTokens: 180);
        return Simulator.LlmReplicas(h100, requests).Trace;
    }

    /// <summary>One H100 replica with the measured decode step and prefill times from <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    public static LlmServingConfig H100(string dataDirectory) => new()
    {
        StepTime = MeasuredStepTime.FromCsv(Path.Combine(dataDirectory, "decode_by_batch.csv")),
        PrefillTime = MeasuredPrefillTime.FromCsv(Path.Combine(dataDirectory, "prefill_by_prompt.csv")),
    };

    /// <summary>Notebook 3's measured H100 numbers: the prefill time of a prompt and the decode step (TPOT) at a batch, both at that context.</summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    /// <param name="promptTokens">The prompt length, tokens (a row of <c>prefill_by_prompt.csv</c>).</param>
    /// <param name="batch">The batch size (a row of <c>decode_by_batch.csv</c> at that context).</param>
    public static (double PrefillMs, double TpotMs) H100PrefillAndTpot(string dataDirectory, int promptTokens, int batch)
    {
        var prefill = Measurements.LoadPrefill(Path.Combine(dataDirectory, "prefill_by_prompt.csv"));
        var decode = Measurements.LoadDecodeSteps(Path.Combine(dataDirectory, "decode_by_batch.csv"));
        return (prefill.Single(p => p.PromptTokens == promptTokens).TtftMs,
            decode.Single(d => d.Batch == batch && d.ContextTokens == promptTokens).TpotMs);
    }

    /// <summary>Notebook 5's measured decode throughput of the H100 at a batch size and context, tokens per second.</summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    /// <param name="batch">The batch size.</param>
    /// <param name="contextTokens">The context length, tokens.</param>
    public static double H100DecodeTokensPerSecond(string dataDirectory, int batch, int contextTokens) =>
        Measurements.LoadDecodeSteps(Path.Combine(dataDirectory, "decode_by_batch.csv"))
            .Single(d => d.Batch == batch && d.ContextTokens == contextTokens).TokensPerSecond;

    /// <summary>Notebook 5's measured prefill throughput of the H100 for a prompt length, tokens per second.</summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    /// <param name="promptTokens">The prompt length, tokens.</param>
    public static double H100PrefillTokensPerSecond(string dataDirectory, int promptTokens) =>
        Measurements.LoadPrefill(Path.Combine(dataDirectory, "prefill_by_prompt.csv"))
            .Single(p => p.PromptTokens == promptTokens).PrefillTokensPerSecond;

    /// <summary>
    /// Notebook 11's multi-turn chat: <paramref name="conversationsPerSecond"/> conversations start per second, 200 of them,
    /// 4 turns each (seed 11), a 1 000-token system prompt, questions of 50–300 tokens, answers of 100–300, a question every
    /// 4 s on average (<see cref="Conversations.MultiTurn"/>).
    /// </summary>
    /// <param name="conversationsPerSecond">Conversations starting per second. Range: &gt; 0.</param>
    public static IReadOnlyList<ArrivalRequest> MultiTurnChat(double conversationsPerSecond) =>
        Conversations.MultiTurn(conversationsPerSecond, conversations: 200, turns: 4, seed: 11, systemPromptTokens: 1_000,
            userTokens: r => r.Next(50, 301), answerTokens: r => r.Next(100, 301), thinkSeconds: 4);

    /// <summary>
    /// Notebook 11's replicas: Llama-3-8B on an H100 (<see cref="RooflineStepCost.Llama3_8B_H100"/>), vLLM V1's scheduler
    /// with an 8 192-token budget, KV blocks on demand, 450 000 tokens of KV cache, prefix caching on, and the router given.
    /// </summary>
    /// <param name="router">How the router picks a replica.</param>
    public static LlmServingConfig CachingFleet(RouterPolicy router) => new()
    {
        StepCost = RooflineStepCost.Llama3_8B_H100,
        Scheduler = SchedulerPolicy.VllmV1,
        KvAllocation = KvAllocation.OnDemand,
        KvCacheTokens = 450_000,
        MaxNumBatchedTokens = 8_192,
        PrefixCaching = true,
        Router = router,
    };

    /// <summary>Notebook 11(c): the fewest prefix-aware replicas (up to 8) whose p95 TTFT on the multi-turn chat meets the target, or null.</summary>
    /// <param name="conversationsPerSecond">Conversations starting per second. Range: &gt; 0.</param>
    /// <param name="ttftP95TargetMs">The p95 TTFT target, ms. Range: &gt; 0.</param>
    public static int? ReplicasForTtft(double conversationsPerSecond, double ttftP95TargetMs) =>
        FleetSizing.FewestReplicasForTtft(CachingFleet(RouterPolicy.PrefixAware), MultiTurnChat(conversationsPerSecond), ttftP95TargetMs,
            percentile: 0.95, maxReplicas: 8, warmupFraction: 0.1);
}
