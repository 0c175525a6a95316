using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 11: Prefix caching and multi-turn chat — cached blocks, the prefill time they save, routing back to the cache.</summary>
public static class Exercise11
{
    /// <summary>A made-up curve for a visible case: its prompt lengths, tokens.</summary>
    private static readonly int[] TwoPointTokens = [100, 1_100];

    /// <summary>The made-up curve's times: 10 ms up to 100 tokens, then 0.1 ms per token.</summary>
    private static readonly double[] TwoPointMs = [10, 110];

    /// <summary>The exercise, with its visible cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 11,
        Notebook = "11-prefix-caching.ipynb",
        Title = "Prefix caching and multi-turn chat",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Prompt tokens served from the cache",
                AnswerVariable = "tokensSaved",
                Kind = AnswerKind.Integer,
                FunctionName = "TokensSaved",
                Expected = PrefixCaching.TokensSaved(1_200, [150, 40, 75], [250, 90, 180]),
                VisibleCases =
                [
                    PartCase.Of(PrefixCaching.TokensSaved(32, [16, 8], [16, 4], 16), 32, new[] { 16, 8 }, new[] { 16, 4 }),
                    PartCase.Of(PrefixCaching.TokensSaved(0, [100, 20], [60, 30], 16), 0, new[] { 100, 20 }, new[] { 60, 30 }),
                ],
                Nudge = "Which tokens does the cache hold when each turn arrives, and in what unit does it hand them back? Look at what turn k − 1 actually computed — every token of its answer?",
                Hint = "Turn 1 finds ⌊min(X₀, X₁ − 1)/16⌋ blocks (X₀ the system prompt); turn k finds ⌊(Xₖ₋₁ + Aₖ₋₁ − 1)/16⌋ blocks (the answer's last token is sampled, never computed), Xₖ = X₀ + (all earlier questions and answers) + uₖ; sum 16 × blocks over the turns.",
                OffLimits = ["PrefixCaching.TokensSaved", "PrefixCaching.Conversation", "PrefixCaching.CachedTokens", "PrefixCaching.PrefillMsSaved"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "Prefill time saved, on the measured curve",
                AnswerVariable = "prefillMsSaved",
                Kind = AnswerKind.Number,
                FunctionName = "PrefillMsSaved",
                ExpectedFromData = data => PrefillMsSavedOnH100(data),
                VisibleCases = new DeferredCases(() =>
                [
                    PartCase.Of(PrefixCaching.PrefillMsSaved(0, [100, 20], [60, 30], TwoPointTokens, TwoPointMs), 0, new[] { 100, 20 }, new[] { 60, 30 }, TwoPointTokens, TwoPointMs),
                    PartCase.Of(PrefixCaching.PrefillMsSaved(2_000, [300, 100], [500, 200], TwoPointTokens, TwoPointMs), 2_000, new[] { 300, 100 }, new[] { 500, 200 }, TwoPointTokens, TwoPointMs),
                ]),
                Nudge = "For each turn, what would its prefill cost for the whole prompt, and what does it cost for the tokens the cache did not hold? Read both off the curve between its measured points — and below the shortest one?",
                Hint = "Σₖ [t_pre(Xₖ) − t_pre(Xₖ − Hₖ)], t_pre interpolated linearly between measured lengths, flat below the shortest, along the last segment above the longest.",
                OffLimits = ["PrefixCaching.PrefillMsSaved", "PrefixCaching.TokensSaved", "PrefixCaching.Conversation", "PrefixCaching.CachedTokens"],
                Points = 3,
                Tolerance = 1e-9,
            },
            new()
            {
                Name = "c",
                Title = "Replicas for a p95 TTFT target, prefix-aware routing",
                AnswerVariable = "replicasNeeded",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "ReplicasForTtft",
                ExpectedFromData = _ => NotebookInputs.ReplicasForTtft(8, 60),
                VisibleCases = new DeferredCases(() =>
                [
                    PartCase.Of(NotebookInputs.ReplicasForTtft(4, 60), 4d, 60d),
                    PartCase.Of(NotebookInputs.ReplicasForTtft(12, 50), 12d, 50d),
                ]),
                Nudge = "Try 1 replica, then 2, … up to the most you may buy: for each, simulate the chat, leave out the warm-up, and take the p95 TTFT. What do you return when no fleet meets the target?",
                Hint = "For r = 1 … maxReplicas: trace = Simulator.LlmReplicas(fleet with { Replicas = r }, chat).Trace; skip the first 10 % (int, rounded down); if Tracing.Percentile(TTFTs, 0.95) ≤ target return r. None: null.",
                OffLimits = ["FleetSizing.FewestReplicasForTtft", "FleetSizing.TtftPercentileMs"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Where to put what changes",
                "A team's chat prompt starts with today's date and the user's name, then a 3 000-token system prompt of instructions and tools. Their prefix-cache hit rate is near zero. What is the fix?",
                "b",
                "The cache matches blocks from the very first token: each block's hash includes the hash of the block before it (vLLM's kv_cache_utils.py), so one different token at the start changes every later block. Put what is shared by everyone first (instructions, tool definitions), then what is per user, then what is per turn. A bigger cache or another router cannot find a prefix that does not exist.",
                new("Give the replicas more KV memory so the system prompt stays cached.", "More memory keeps more blocks, but a block is found only by its hash, and each block's hash covers every token before it. What comes before the system prompt in this team's prompt?"),
                new("Move the date and the user's name after the system prompt."),
                new("Route every request of a user to the same replica.", "Affinity keeps a user's own earlier turns in reach, but the 3 000 shared tokens still hash differently for every user and every day.")),
            Specs.Choice(
                "q2",
                "Hit rate and a bigger fleet",
                "Traffic doubles and you double a round-robin fleet from 4 to 8 replicas. What happens to the prefix-cache hit rate of multi-turn chat, and why?",
                "c",
                "Round robin sends a conversation's next turn to any replica; with c replicas only about 1 in c turns lands where the previous one left its blocks. Doubling the fleet roughly halves the share of history found, so prefill work per request grows just as you add capacity — prefix-aware (or session-affinity) routing keeps turns with their cache, at the price of a less even load.",
                new("It stays the same: each replica sees the same mix of requests.", "The mix is the same but the history is not: a turn's earlier blocks live on the replica that served the previous turn."),
                new("It rises: more replicas hold more KV cache in total.", "More total cache helps only if the next turn is sent where its blocks are; round robin does not look."),
                new("It falls: a turn finds its conversation's earlier blocks on its replica less often.")),
        ],
        Predictions =
        [
            new("predictedRoundRobinHitRate", "the prefix-cache hit rate of round robin across 4 replicas on the multi-turn chat, %")
            {
                Unit = "%",
                Reason = "A turn's history is on the replica that served the conversation's previous turn; round robin lands there about 1 time in r, so it keeps little more than the cached share of each turn's own new blocks — and the first turns, which no router can help, weigh the same in both.",
            },
        ],
    };

    private static double PrefillMsSavedOnH100(string dataDirectory)
    {
        var curve = Measurements.LoadPrefill(Path.Combine(dataDirectory, "prefill_by_prompt.csv"));
        return PrefixCaching.PrefillMsSaved(1_200, [150, 40, 75], [250, 90, 180], [.. curve.Select(r => r.PromptTokens)], [.. curve.Select(r => r.TtftMs)]);
    }
}
