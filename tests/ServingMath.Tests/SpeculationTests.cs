namespace ServingMath.Tests;

/// <summary>Speculative decoding's arithmetic against sums written out by hand and the closed form of Leviathan et al. (2023).</summary>
public class SpeculationTests
{
    [Fact]
    public void Expected_tokens_per_step_are_the_sum_of_the_chances_of_reaching_each_draft()
    {
        // E = 1 + α + α² + … + αᵏ: 1 + 0.5 + 0.25; 1 + 0.8 + 0.64 + 0.512 + 0.4096; every draft accepted; none accepted.
        Assert.Equal(1.75, Speculation.ExpectedTokensPerStep(0.5, 2), 12);
        Assert.Equal(3.3616, Speculation.ExpectedTokensPerStep(0.8, 4), 12);
        Assert.Equal(4, Speculation.ExpectedTokensPerStep(1, 3), 12);
        Assert.Equal(1, Speculation.ExpectedTokensPerStep(0, 5), 12);
        Assert.Equal(1, Speculation.ExpectedTokensPerStep(0.7, 0), 12);
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(0.62, 7)]
    [InlineData(0.75, 7)]
    [InlineData(0.9, 20)]
    [InlineData(0.999, 64)]
    public void Expected_tokens_match_the_closed_form(double alpha, int k)
    {
        // Leviathan et al. 2023, equation 1: (1 − α^(k+1)) / (1 − α). Near α = 1 the closed form loses ~1e-13 relative.
        var closed = (1 - Math.Pow(alpha, k + 1)) / (1 - alpha);
        Assert.Equal(closed, Speculation.ExpectedTokensPerStep(alpha, k), 10);
    }

    [Fact]
    public void Leviathans_EnDe_setting_yields_about_3_6_tokens_per_step()
    {
        // T5-XXL with a T5-small draft on WMT EnDe at temperature 0 (Leviathan et al. 2023, table 2): α = 0.75, γ = 7.
        // 0.75⁸ = 6561 / 65536 = 0.1001129150390625, so E = (1 − 0.1001129150390625) / 0.25 = 3.59954833984375.
        Assert.Equal(3.59954833984375, Speculation.ExpectedTokensPerStep(0.75, 7), 12);
    }

    [Fact]
    public void vLLMs_draft_acceptance_rate_is_accepted_drafts_per_drafted_token_not_alpha()
    {
        // vLLM logs accepted ÷ drafted tokens (vllm/v1/spec_decode/metrics.py). With α = 0.7 and k = 3 a step accepts
        // 0.7 + 0.49 + 0.343 = 1.533 drafts on average (E − 1), of 3 drafted: 51.1 %, well below α.
        Assert.Equal(1.533 / 3, (Speculation.ExpectedTokensPerStep(0.7, 3) - 1) / 3, 12);
    }

    [Fact]
    public void Speed_up_divides_the_tokens_by_the_cost_of_k_draft_passes_plus_one_verifier_pass()
    {
        Assert.Equal(1.75 / 1.2, Speculation.SpeedUp(0.5, 2, 0.1), 12);        // 1.75 tokens for 1 + 2 × 0.1 steps
        Assert.Equal(3.3616 / 1.2, Speculation.SpeedUp(0.8, 4, 0.05), 12);    // 3.3616 tokens for 1 + 4 × 0.05 steps
        Assert.Equal(1, Speculation.SpeedUp(0.9, 0, 0.5), 12);                // no drafts: plain decoding
        Assert.Equal(1.0 / 1.5, Speculation.SpeedUp(0, 1, 0.5), 12);          // a draft that is never accepted only costs
        // Notebook 12's worked example: α = 0.6, k = 4, c = 0.2: E = 1 + 0.6 + 0.36 + 0.216 + 0.1296 = 2.3056 for 1.8 steps = 1.28.
        Assert.Equal(2.3056 / 1.8, Speculation.SpeedUp(0.6, 4, 0.2), 12);
        Assert.Equal(1.28, Math.Round(Speculation.SpeedUp(0.6, 4, 0.2), 2));
    }

    [Fact]
    public void Best_draft_length_is_the_k_with_the_highest_speed_up()
    {
        // α = 0.8, c = 0.05: E₇ = (1 − 0.8⁸)/0.2 = 4.1611392 → S₇ = 4.1611392 / 1.35 = 3.0823;
        // E₈ = (1 − 0.8⁹)/0.2 = 4.32891136 → S₈ = 4.32891136 / 1.40 = 3.0921;
        // E₉ = (1 − 0.8¹⁰)/0.2 = 4.463129088 → S₉ = 4.463129088 / 1.45 = 3.0780, so k = 8.
        Assert.Equal(8, Speculation.BestDraftLength(0.8, 0.05, 16));
        // α = 0.5, c = 0.1: S₁ = 1.5/1.1 = 1.364, S₂ = 1.75/1.2 = 1.458, S₃ = 1.875/1.3 = 1.442, so k = 2.
        Assert.Equal(2, Speculation.BestDraftLength(0.5, 0.1, 8));
        // The search stops at k_max: with k ≤ 5 the rising α = 0.8 curve peaks at its end.
        Assert.Equal(5, Speculation.BestDraftLength(0.8, 0.05, 5));
    }

    [Fact]
    public void Best_draft_length_is_0_when_no_draft_pays_and_ties_go_to_the_shorter_draft()
    {
        // α = 0.2, c = 0.3: S₁ = 1.2/1.3 = 0.923, and more drafts add less than they cost.
        Assert.Equal(0, Speculation.BestDraftLength(0.2, 0.3, 8));
        // α = 0 and a free draft: every k gives exactly 1 token per step, S = 1 for all: the tie goes to k = 0.
        Assert.Equal(0, Speculation.BestDraftLength(0, 0, 8));
    }

    [Fact]
    public void Step_time_is_interpolated_linearly_and_exact_at_measured_batches()
    {
        // Between 4 (8 ms) and 16 (20 ms): 1 ms per sequence, so 12 → 8 + 8 = 16 ms.
        Assert.Equal(16, Speculation.StepMsAt([1, 4, 16], [8, 8, 20], 12), 12);
        Assert.Equal(20, Speculation.StepMsAt([1, 4, 16], [8, 8, 20], 16));
        Assert.Equal(7.3327, Speculation.StepMsAt([1, 2, 4], [7.2576, 7.3327, 7.3869], 2));
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => Speculation.StepMsAt([1, 4, 16], [8, 8, 20], 32));
        Assert.Contains("not extrapolated", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_up_at_a_batch_prices_the_verifier_as_a_step_of_B_times_k_plus_1_sequences()
    {
        // α = 0.6, k = 2: E = 1 + 0.6 + 0.36 = 1.96. At B = 4: t(4) = 8, t(12) = 16, drafts 2 × 0.05 × 8 = 0.8 ms.
        Assert.Equal(1.96 * 8 / 16.8, Speculation.SpeedUpAtBatch([1, 4, 16], [8, 8, 20], 4, 0.6, 2, 0.05), 12);
        // At B = 1: t(3) = 8 (flat between 1 and 4): 1.96 × 8 / 8.8.
        Assert.Equal(1.96 * 8 / 8.8, Speculation.SpeedUpAtBatch([1, 4, 16], [8, 8, 20], 1, 0.6, 2, 0.05), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Speculation.SpeedUpAtBatch([1, 4, 16], [8, 8, 20], 8, 0.6, 2, 0.05));
    }

    [Fact]
    public void Break_even_batch_is_the_first_measured_batch_where_speculation_is_slower()
    {
        // α = 0.5, k = 1, c = 0 (E = 1.5): S = 1.5 × 10/10 at B = 1 and 2, 1.5 × 10/20 = 0.75 at B = 4.
        Assert.Equal(4, Speculation.BreakEvenBatch([1, 2, 4, 8], [10, 10, 10, 20], 0.5, 1, 0));
        // Steps that barely grow: 1.5 × 10/11 = 1.36, 1.5 × 10/12 = 1.25, 1.5 × 11/(12 + 1.1) = 1.26; B = 8 is not covered (16 > 8).
        Assert.Null(Speculation.BreakEvenBatch([1, 2, 4, 8], [10, 10, 11, 12], 0.5, 1, 0.1));
        // With interpolation: B = 4 verifies 12 positions, t(12) = 16 ms: 1.96 × 8 / 16.8 = 0.933.
        Assert.Equal(4, Speculation.BreakEvenBatch([1, 4, 16], [8, 8, 20], 0.6, 2, 0.05));
    }

    [Fact]
    public void On_the_measured_H100_steps_a_weak_draft_stops_paying_at_batch_64()
    {
        // decode_by_batch.csv, 512 tokens of context. α = 0.5, k = 3, c = 0.05: E = 1.875.
        // B = 32: 1.875 × 8.1753 / (t(128) = 11.0814 + 3 × 0.05 × 8.1753 = 1.226295) = 15.3287 / 12.3077 = 1.2455;
        // B = 64: 1.875 × 9.043 / (t(256) = 15.6515 + 0.15 × 9.043 = 1.35645) = 16.9556 / 17.0080 = 0.9969 < 1.
        double[] batches = [1, 2, 4, 8, 16, 32, 64, 128, 256];
        double[] tpotMs = [7.2576, 7.3327, 7.3869, 7.5051, 7.7167, 8.1753, 9.043, 11.0814, 15.6515];
        Assert.Equal(1.875 * 8.1753 / (11.0814 + 1.226295), Speculation.SpeedUpAtBatch(batches, tpotMs, 32, 0.5, 3, 0.05), 12);
        Assert.Equal(64, Speculation.BreakEvenBatch(batches, tpotMs, 0.5, 3, 0.05));
        // A draft as good as EAGLE's reported ~0.8 pays at every batch the table covers (B ≤ 64).
        Assert.Null(Speculation.BreakEvenBatch(batches, tpotMs, 0.8, 3, 0.05));
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_parameter_and_the_value()
    {
        var alpha = Assert.Throws<ArgumentOutOfRangeException>(() => Speculation.ExpectedTokensPerStep(1.2, 3));
        Assert.Equal("acceptanceRate", alpha.ParamName);
        Assert.Contains("1.2", alpha.Message, StringComparison.Ordinal);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => Speculation.SpeedUp(0.5, -1, 0.1));
        Assert.Equal("draftTokens", k.ParamName);
        var cost = Assert.Throws<ArgumentOutOfRangeException>(() => Speculation.BestDraftLength(0.5, -0.1, 4));
        Assert.Equal("draftCost", cost.ParamName);
        var order = Assert.Throws<ArgumentException>(() => Speculation.BreakEvenBatch([1, 4, 2], [8, 8, 9], 0.5, 1, 0));
        Assert.Contains("strictly increasing", order.Message, StringComparison.Ordinal);
        var pairs = Assert.Throws<ArgumentException>(() => Speculation.BreakEvenBatch([1, 2], [8], 0.5, 1, 0));
        Assert.Contains("pair up", pairs.Message, StringComparison.Ordinal);
    }
}
