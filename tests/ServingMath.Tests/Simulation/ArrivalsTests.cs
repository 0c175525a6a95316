using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

public class ArrivalsTests
{
    [Fact]
    public void Poisson_arrivals_have_mean_gap_one_over_lambda_and_counts_with_variance_equal_to_mean()
    {
        // λ = 20/s, 200 000 requests (10 000 s). Mean gap 0.05 s: standard error 0.05/√n ≈ 0.2 %, tolerance 1 %.
        // Counts per 1 s window are Poisson(20): variance/mean = 1; over 10 000 windows its standard error is ≈ 1.4 %, tolerance 6 %.
        var arrivals = Arrivals.Poisson(20, 200_000, seed: 11);
        var meanGap = arrivals[^1].ArrivalSeconds / arrivals.Count;
        Assert.InRange(meanGap, 0.05 * 0.99, 0.05 * 1.01);
        var counts = arrivals.GroupBy(a => (int)a.ArrivalSeconds).Where(g => g.Key < (int)arrivals[^1].ArrivalSeconds).Select(g => (double)g.Count()).ToArray();
        var mean = counts.Average();
        var variance = counts.Sum(c => (c - mean) * (c - mean)) / (counts.Length - 1);
        Assert.InRange(variance / mean, 0.94, 1.06);
        Assert.All(arrivals.Take(10), a => Assert.Equal((512, 128), (a.PromptTokens, a.OutputTokens)));
    }

    [Fact]
    public void Poisson_arrivals_are_deterministic_for_a_seed_and_lengths_can_be_drawn()
    {
        Assert.Equal(Arrivals.Poisson(5, 100, 1), Arrivals.Poisson(5, 100, 1));
        var drawn = Arrivals.Poisson(5, 1000, 2, r => 100 + r.Next(900), r => 1 + r.Next(10));
        Assert.All(drawn, a => Assert.InRange(a.PromptTokens, 100, 999));
        Assert.Contains(drawn, a => a.OutputTokens == 10);
        Assert.Equal(drawn.Select(a => a.ArrivalSeconds), Arrivals.Poisson(5, 1000, 2).Select(a => a.ArrivalSeconds)); // lengths use their own stream
    }

    [Fact]
    public void Zero_or_negative_rates_are_refused_with_the_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Arrivals.Poisson(-3, 10, 1));
        Assert.Equal("arrivalRate", e.ParamName);
        Assert.Contains("arrivalRate (requests per second) must be greater than 0; got -3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Arrivals.Poisson(0, 10, 1));
        Assert.Equal("outputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Arrivals.Poisson(1, 10, 1, 10, 0)).ParamName);
    }

    [Fact]
    public void A_csv_trace_replays_timestamps_and_token_counts()
    {
        var text = "arrival_s,prompt_tokens,output_tokens\n0.0,512,128\n0.25,1024,16\n\n0.25,64,1\n";
        var arrivals = Arrivals.ReadCsv(new StringReader(text));
        Assert.Equal(
            new[] { new ArrivalRequest(0, 512, 128), new ArrivalRequest(0.25, 1024, 16), new ArrivalRequest(0.25, 64, 1) },
            arrivals);
    }

    [Fact]
    public void An_unreadable_csv_line_is_named_by_its_number()
    {
        var text = "arrival_s,prompt_tokens,output_tokens\n0.0,512,128\n0.5,many,16\n";
        var e = Assert.Throws<InvalidDataException>(() => Arrivals.ReadCsv(new StringReader(text), "load.csv"));
        Assert.Contains("load.csv line 3, column 2 (prompt_tokens)", e.Message);
        var header = Assert.Throws<InvalidDataException>(() => Arrivals.ReadCsv(new StringReader("time,in,out\n")));
        Assert.Contains("line 1", header.Message);
    }

    [Fact]
    public void A_csv_trace_out_of_time_order_names_the_line()
    {
        var text = "arrival_s,prompt_tokens,output_tokens\n1.0,512,128\n2.0,512,128\n1.5,512,128\n";
        var e = Assert.Throws<InvalidDataException>(() => Arrivals.ReadCsv(new StringReader(text)));
        Assert.Contains("line 4", e.Message);
        Assert.Contains("time order", e.Message);
    }

    [Fact]
    public void A_recorded_jsonl_trace_replays_through_read_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        try
        {
            RequestTrace[] recorded =
            [
                new("a", 0.5, 1, 20, 300, 40, 500),
                new("b", 0.75, 0, 0, 200, 0, 0, RequestStatus.Rejected),
            ];
            Tracing.WriteJsonLines(recorded, path);
            Assert.Equal(
                new[] { new ArrivalRequest(0.5, 300, 40, "a"), new ArrivalRequest(0.75, 200, 1, "b") },
                Arrivals.ReadFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
