namespace ServingMath.Tests;

/// <summary>
/// notebooks/data/sample-trace.jsonl (read by notebook 10) is a simulator output; these tests check it is still a
/// valid, self-consistent trace with the mix of outcomes the notebook talks about. Regenerate it with
/// dotnet run --project tests/ServingNotebooks.Benchmarks -- --sample-trace (and --check to compare without writing).
/// </summary>
public class SampleTraceFileTests
{
    private static readonly IReadOnlyList<RequestTrace> Trace = Tracing.ReadJsonLines(MeasurementsTests.Data("sample-trace.jsonl"));

    [Fact]
    public void The_sample_trace_reads_and_obeys_littles_law()
    {
        Assert.InRange(Trace.Count, 500, 800);
        Assert.Equal(Trace.Count, Trace.Select(t => t.RequestId).Distinct().Count());
        var s = Tracing.Summarize(Trace);
        Assert.InRange(s.LittlesLawRelativeGap, 0, 1e-9);
        Assert.InRange(Trace[^1].ArrivalSeconds, 75, 80); // 80 s of traffic
    }

    [Fact]
    public void The_burst_times_out_some_requests_to_the_cached_answer()
    {
        var failed = Trace.Where(t => t.Status != RequestStatus.Ok).ToList();
        Assert.InRange(failed.Count, 1, Trace.Count / 10);
        Assert.All(failed, t => Assert.Equal("cached-answer", t.FallbackPath));
        Assert.All(failed, t => Assert.InRange(t.ArrivalSeconds, 40, 55)); // during or just after the 40–50 s burst
        Assert.All(Trace.Where(t => t.Status == RequestStatus.TimedOut), t => Assert.Equal(1000, t.QueueMs, 3));
        Assert.All(Trace.Where(t => t.Status == RequestStatus.Ok), t => Assert.True(t.QueueMs <= 1000, $"{t.RequestId} queued {t.QueueMs} ms"));
    }
}
