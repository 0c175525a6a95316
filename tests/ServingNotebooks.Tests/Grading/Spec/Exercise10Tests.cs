using ServingMath;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 10's parts against hand computations and the sample trace read and reduced independently.</summary>
public sealed class Exercise10Tests
{
    private static readonly string Data = Path.Combine(Workbook.Notebooks, "data");
    private static readonly Exercise Spec = GradingSpec.Exercises[9].Resolve(Data);

    [Fact]
    public void Has_three_parts_worth_ten_points_with_off_limits_members_and_a_prediction()
    {
        Assert.Equal(["a", "b", "c", "q1", "q2"], Spec.Parts.Select(p => p.Name));
        Assert.Equal(10, Spec.Points);
        Assert.All(Spec.Parts.Take(3), p => Assert.NotEmpty(p.OffLimits));
        Assert.Contains("Tracing.Audit", Spec.Part("a").OffLimits);
        Assert.All(Spec.Parts.Take(3), p => Assert.True(p.HiddenCases.Count >= 3, $"part ({p.Name}) has {p.HiddenCases.Count} hidden cases"));
        Assert.Equal("predictedP99EndToEndMs", Assert.Single(Spec.Predictions).Variable);
    }

    [Fact]
    public void Part_a_audit_worked_by_hand_and_on_the_export_read_independently()
    {
        var part = Spec.Part("a");
        int[][] visible =
        [
            [1],      // record 1: tpot 2.5, but (35 − 15) / (11 − 1) = 2
            [1, 2],   // record 0 is fine (0.1 + 0.2 is 0.3 to 0.001 ms); 1 and 2 end before their first token
        ];
        Assert.Equal(visible, part.VisibleCases.Select(v => (int[])v.Expected!));
        int[][] hidden =
        [
            [0],      // a negative prefill; records 1 and 2: (5 − 4) / 1 = 1 and (8 − 7) / 1 = 1
            [2],      // TPOT 7 and 7.0005 agree with (12 − 5) / 1 to 0.001 ms; 7.002 does not
            [2, 3],   // 0.0004 is 0 to 0.001 ms, TTFT 3.0005 is 1 + 2; 3.0015 is not; 0 tokens with TPOT 5
            [3],      // 12.5 + 40.25 = 52.75, (1052.75 − 52.75) / 100 = 10; 0.7 + 31.1 = 31.8, 240 / 20 = 12; one token, TPOT 0; 4 < 5
        ];
        Assert.Equal(hidden, part.HiddenCases.Select(h => (int[])h.Expected!));

        // The seed: data/collector-export.jsonl read with System.Text.Json, the four rules applied here, to 0.001 ms.
        var broken = new List<int>();
        var records = File.ReadLines(Path.Combine(Data, "collector-export.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        for (var i = 0; i < records.Count; i++)
        {
            double F(string name) => records[i].GetProperty(name).GetDouble();
            var (queue, prefill, ttft, tpot, e2e) = (F("queue_ms"), F("prefill_ms"), F("ttft_ms"), F("tpot_ms"), F("e2e_ms"));
            var n = records[i].GetProperty("output_tokens").GetInt32();
            var tpotFromE2e = n >= 2 ? (e2e - ttft) / (n - 1) : 0;
            if (queue < 0 || prefill < 0 || ttft < 0 || e2e < 0 || Math.Abs(ttft - (queue + prefill)) > 1e-3 || e2e < ttft || Math.Abs(tpot - tpotFromE2e) > 1e-3)
            {
                broken.Add(i);
            }
        }

        Assert.Equal([5, 11, 17, 23, 30], broken);   // the five records data/README.md says were broken by hand
        Assert.Equal(broken, (int[])part.Expected!);
    }

    [Fact]
    public void Part_b_percentiles_worked_by_hand()
    {
        var part = Spec.Part("b");
        double[] byHand =
        [
            3,      // 1, 3, 5: the middle
            25,     // h = 1.5: 20 + 0.5 × 10
            39.7,   // h = 2.97: 30 + 0.97 × 10
            5.5,    // 1, 7, 7, 9; h = 0.75: 1 + 0.75 × 6
            9,      // p = 1: the largest, there is no value after it
            42,
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)part.HiddenCases[i].Expected!, 9);
        }

        // The seed: the p99 TTFT of the 619 completed requests of data/sample-trace.jsonl (numpy.percentile gives 1017.9841).
        var okTtft = Tracing.ReadJsonLines(Path.Combine(Data, "sample-trace.jsonl")).Where(t => t.Status == RequestStatus.Ok).Select(t => t.QueueMs + t.PrefillMs);
        Assert.Equal(SpecReference.Percentile(okTtft, 0.99), (double)part.Expected!, 6);
        Assert.Equal(1017.9841, (double)part.Expected!, 4);
    }

    [Fact]
    public void Part_c_slowest_decode_shares_worked_by_hand()
    {
        var part = Spec.Part("c");
        double[] byHand =
        [
            0.515,    // 7 % of 100 is 7 requests (e2e 94 … 100 ms), decode share 1 − i/200: mean 1 − 97/200
            0.97,     // 1 % of 3 rounds up to 1 request: (1000 − 0 − 30) / 1000
            0.69,     // all three: (0.7 + 0.97 + 0.4) / 3
            0.9895,   // 40 % of 5 = 2: (4945/5000 + 2970/3000) / 2
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)part.HiddenCases[i].Expected!, 12);
        }

        // The seed: the slowest 1 % of the 619 completed requests is ⌈6.19⌉ = 7 requests.
        var slowest = Tracing.ReadJsonLines(Path.Combine(Data, "sample-trace.jsonl")).Where(t => t.Status == RequestStatus.Ok)
            .OrderByDescending(t => t.EndToEndMs).Take(7).ToList();
        Assert.Equal(slowest.Average(t => (t.EndToEndMs - t.QueueMs - t.PrefillMs) / t.EndToEndMs), (double)part.Expected!, 12);
        Assert.Equal(0.98062, (double)part.Expected!, 5);
    }
}
