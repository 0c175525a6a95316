using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>Speculative decoding: hand-worked schedules at α = 1 and α = 0, and the mean tokens per step against the closed form.</summary>
public class SpeculativeDecodingTests
{
    private static LlmServingConfig Config(double alpha, int k = 3) => SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
    {
        StepCost = new LinearStepCost(10, 0, 0, 1),
        SpeculativeDecoding = new SpeculativeDecoding(k, alpha, DraftStepMs: 0.5),
    };

    [Fact]
    public void Every_draft_accepted_emits_k_plus_one_tokens_per_step_and_stops_at_the_last_token()
    {
        // k = 3, α = 1; prompt 4, 9 output tokens; step = 10 ms + 1 ms per prompt or draft token, + 3 × 0.5 ms of draft passes.
        // step 1: prefill 4 (14 ms)                           → token 1
        // step 2: decode + 3 drafts, all accepted (14.5 ms)   → tokens 2–5
        // step 3: decode + min(3, 9 − 5 − 1) = 3 drafts       → tokens 6–9, done at 14 + 14.5 + 14.5 = 43 ms
        var result = Simulator.LlmReplicas(Config(1) with { KvAllocation = KvAllocation.OnDemand, KvBlockTokens = 4 }, [new(0, 4, 9)]);
        Assert.Equal(["0:4", "0:4", "0:4"], SchedulerPolicyTests.Batches(result));
        Assert.Equal([1, 4, 4], result.Steps.Select(s => s.Batch[0].Emitted));
        Assert.Equal([14.0, 14.5, 14.5], result.Steps.Select(s => Math.Round(s.DurationMs, 9)));
        Assert.Equal(43, result.Trace[0].EndToEndMs, 9);
        Assert.Equal(9, result.Trace[0].OutputTokens);
        // KV (on demand, blocks of 4): step 3 needs slots for 8 computed + 4 positions = 12 tokens = 3 blocks (the 9th
        // token is never fed back).
        Assert.Equal(3L, result.Replicas[0].MaxKvBlocksReserved);
    }

    [Fact]
    public void No_draft_accepted_emits_one_token_per_step_and_pays_for_the_drafts()
    {
        // α = 0: every decode emits 1 token. Drafts per decode: min(3, 9 − g − 1) for g tokens so far: 3, 3, 3, 3, 3, 2, 1, 0.
        // Decode step = 10 + drafts + (drafts > 0 ? 1.5 : 0) ms: 14.5 × 5 + 13.5 + 12.5 + 10 = 108.5; + prefill 14 = 122.5 ms.
        var result = Simulator.LlmReplicas(Config(0), [new(0, 4, 9)]);
        Assert.Equal(9, result.Steps.Count);
        Assert.Equal([3, 3, 3, 3, 3, 2, 1, 0], result.Steps.Skip(1).Select(s => s.Work.DraftTokens));
        Assert.All(result.Steps, s => Assert.Equal(1, s.Batch[0].Emitted));
        Assert.Equal([14.0, 14.5, 14.5, 14.5, 14.5, 14.5, 13.5, 12.5, 10], result.Steps.Select(s => Math.Round(s.DurationMs, 9)));
        Assert.Equal(122.5, result.Trace[0].EndToEndMs, 9);
    }

    [Fact]
    public void Mean_tokens_per_step_matches_the_closed_form()
    {
        // k = 4, α = 0.7: E[tokens] = (1 − 0.7⁵) / (1 − 0.7) = 2.773 1. The reference distribution, written out:
        // P(X = x) = αˣ⁻¹(1 − α) for x = 1…k, P(X = k + 1) = αᵏ; its variance gives the standard error of the mean over
        // the n decode steps that carried all k drafts; allow 4 standard errors.
        const int k = 4;
        const double alpha = 0.7;
        var p = Enumerable.Range(1, k + 1).Select(x => x <= k ? Math.Pow(alpha, x - 1) * (1 - alpha) : Math.Pow(alpha, k)).ToArray();
        var mean = p.Select((px, i) => px * (i + 1)).Sum();
        var variance = p.Select((px, i) => px * (i + 1 - mean) * (i + 1 - mean)).Sum();
        Assert.Equal((1 - Math.Pow(alpha, k + 1)) / (1 - alpha), mean, 12);
        Assert.Equal(mean, new SpeculativeDecoding(k, alpha).ExpectedTokensPerStep, 12);

        var arrivals = Enumerable.Range(0, 100).Select(i => new ArrivalRequest(i * 0.05, 16, 600)).ToArray();
        var result = Simulator.LlmReplicas(Config(alpha, k) with { Seed = 11 }, arrivals);
        var full = result.Steps.SelectMany(s => s.Batch).Where(e => e.Kind == StepKind.Decode && e.Tokens == k + 1).Select(e => (double)e.Emitted).ToArray();
        Assert.True(full.Length > 10_000, $"{full.Length} decode steps with all drafts");
        var standardError = Math.Sqrt(variance / full.Length);
        Assert.InRange(full.Average(), mean - (4 * standardError), mean + (4 * standardError));
        Assert.All(result.Trace, t => Assert.Equal(600, t.OutputTokens)); // every request still gets exactly its tokens
    }

    [Fact]
    public void Bad_settings_are_refused_by_name()
    {
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1);
        Assert.Equal("DraftTokens", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Simulator.LlmReplicas(config with { SpeculativeDecoding = new SpeculativeDecoding(0, 0.5) }, [new(0, 4, 4)])).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Simulator.LlmReplicas(config with { SpeculativeDecoding = new SpeculativeDecoding(2, 1.5) }, [new(0, 4, 4)]));
        Assert.Equal("AcceptanceRate", e.ParamName);
        Assert.Contains("1.5", e.Message);
    }
}
