using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 5's parts (b) and (c) against hand computations and the measured data read independently.</summary>
public sealed class Exercise05Tests
{
    private static readonly string Data = Path.Combine(Workbook.Notebooks, "data");
    private static readonly Exercise Spec = GradingSpec.Exercises[4].Resolve(Data);

    [Fact]
    public void Part_b_cheapest_fleet_worked_by_hand()
    {
        // Per row meeting the SLO: ⌈demand / tok/s⌉ replicas × hourly / (demand × 3600) × 10⁶; the smallest wins.
        var part = Spec.Part("b");
        AssertAll(
            [
                4.0 / 9,    // TPOT 10 and 14 meet 20 ms: 3 replicas of 1000 or 2 of 1800 for 2500 tok/s; 2 × $2 / 9e6 × 1e6
                25.0 / 9,   // only the 8 ms row: 1 replica of 500 for 400 tok/s, $4 / 1.44e6 × 1e6
            ],
            part.VisibleCases);
        AssertAll(
            [
                5.0 / 3,    // SLO 9 ms: 8 replicas at batch 1 ($6.67) or 2 at 986.6 tok/s: $6 / 3.6e6 × 1e6
                2.0 / 15,   // all rows: 8 replicas at 6573.8 tok/s (11 at 4856.6): $24 / 1.8e8 × 1e6
                1 / 6.84,   // 1900 / 1900 is exactly 1 replica: $1 / 6.84e6 × 1e6
                50.0 / 3,   // TPOT 5 meets an SLO of 5 (≤); one replica for 50 tok/s: $3 / 1.8e5 × 1e6
            ],
            part.HiddenCases);

        // The seed: H100 rows at 2 048 tokens of context, 11 000 tok/s, TPOT ≤ 15 ms. Batch 128 (19.5 ms) misses the SLO;
        // batch 64 (4 856.6 tok/s, 13.2 ms) needs ⌈2.26⌉ = 3 replicas: $9 / (11 000 × 3600) × 10⁶ = 5/22.
        var rows = File.ReadLines(Path.Combine(Data, "decode_by_batch.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] == "2048").ToDictionary(f => int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => f);
        Assert.Equal("4856.6", rows[64][3]);
        Assert.Equal("19.4713", rows[128][2]);
        Assert.Equal(5.0 / 22, (double)part.Expected!, 12);
    }

    [Fact]
    public void Part_c_trace_cost_worked_by_hand_and_on_the_trace_read_independently()
    {
        // GPU-seconds = Σ prompt / prefill + Σ output / decode; × hourly / 3600; ÷ all tokens × 10⁶.
        var part = Spec.Part("c");
        AssertAll(
            [
                0.14 * 3.6 / 3600 / 440 * 1e6,    // 400/4000 + 40/1000 = 0.14 s for 440 tokens: 0.3182
                0.75 * 2 / 3600 / 1800 * 1e6,     // 1500/10 000 + 300/500 = 0.75 s for 1800 tokens: 0.2315
            ],
            part.VisibleCases);
        AssertAll(
            [
                1,                                // 2 ms at $3.6/h = $2e-6 for 2 tokens
                0.875,                            // 1.5 + 2 ms = $3.5e-6 for 4 tokens
                0.05 * 10 / 3600 / 100 * 1e6,     // answers only: 100 / 2000 = 0.05 s: 1.3889
                (4000 / 36_000.0 + 1000 / 4857.0) * 3 / 3600 / 5000 * 1e6,   // 0.05283
            ],
            part.HiddenCases);

        // The seed: the 619 requests of data/sample-trace.jsonl the replica served, at the H100's prefill speed for a 2 048-token
        // prompt and its decode speed at batch 64 (both read from the CSVs here).
        var served = File.ReadLines(Path.Combine(Data, "sample-trace.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("status").GetString() == "ok").ToList();
        Assert.Equal(619, served.Count);
        double prompt = served.Sum(r => r.GetProperty("prompt_tokens").GetInt32());
        double output = served.Sum(r => r.GetProperty("output_tokens").GetInt32());
        var prefill = double.Parse(File.ReadLines(Path.Combine(Data, "prefill_by_prompt.csv")).Single(l => l.StartsWith("2048,", StringComparison.Ordinal)).Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
        var seconds = (prompt / prefill) + (output / 4856.6);
        Assert.Equal(seconds * 3 / 3600 / (prompt + output) * 1e6, (double)part.Expected!, 12);
    }

    private static void AssertAll(double[] byHand, IReadOnlyList<PartCase> cases)
    {
        Assert.Equal(byHand.Length, cases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)cases[i].Expected!, 1e-12 * byHand[i]);
        }
    }
}
