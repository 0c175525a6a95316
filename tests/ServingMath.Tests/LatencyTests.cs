namespace ServingMath.Tests;

public class LatencyTests
{
    [Fact]
    public void EndToEnd_seed_exercise_is_725_ms()
    {
        // 20 + 100 + 40 × 15 + 5 = 725 ms (every output token charged one TPOT).
        Assert.Equal(725.0, Latency.EndToEnd(queueMs: 20, prefillMs: 100, outputTokens: 40, tpotMs: 15, postMs: 5), 12);
    }

    [Fact]
    public void TpotAfterFirstToken_convention_is_one_TPOT_shorter()
    {
        // 20 + 100 + 39 × 15 + 5 = 710 ms.
        Assert.Equal(710.0, Latency.EndToEndTpotAfterFirstToken(20, 100, 40, 15, 5), 12);
    }

    [Fact]
    public void Budget_parts_add_up_and_give_ttft()
    {
        var b = Latency.Budget(20, 100, 40, 15, 5);
        Assert.Equal(600.0, b.DecodeMs, 12);
        Assert.Equal(725.0, b.TotalMs, 12);
        Assert.Equal(120.0, b.TimeToFirstTokenMs, 12);
        Assert.Equal(585.0, Latency.BudgetTpotAfterFirstToken(20, 100, 40, 15, 5).DecodeMs, 12);
    }

    [Fact]
    public void Ttft_and_tpot_from_a_measured_request()
    {
        // Queue 30 + prefill 57 (H100, 2048-token prompt) = 87 ms; 1087 ms end to end over 101 tokens → 10 ms/token.
        Assert.Equal(87.0, Latency.TimeToFirstToken(30, 57), 12);
        Assert.Equal(10.0, Latency.TimePerOutputToken(1087, 87, 101), 12);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("queueMs", () => Latency.EndToEnd(-1, 100, 40, 15, 5));
        QueueingTests.AssertBad("prefillMs", () => Latency.EndToEnd(0, double.NaN, 40, 15, 5));
        QueueingTests.AssertBad("outputTokens", () => Latency.EndToEnd(0, 1, -40, 15, 5));
        QueueingTests.AssertBad("tpotMs", () => Latency.EndToEnd(0, 1, 40, double.PositiveInfinity, 5));
        QueueingTests.AssertBad("postMs", () => Latency.EndToEnd(0, 1, 40, 15, -5));
        QueueingTests.AssertBad("outputTokens", () => Latency.EndToEndTpotAfterFirstToken(0, 1, 0, 15, 5));
        QueueingTests.AssertBad("outputTokens", () => Latency.BudgetTpotAfterFirstToken(0, 1, 0, 15, 5));
        QueueingTests.AssertBad("tpotMs", () => Latency.Budget(0, 1, 3, -15, 5));
        QueueingTests.AssertBad("queueMs", () => Latency.TimeToFirstToken(-3, 5));
        QueueingTests.AssertBad("prefillMs", () => Latency.TimeToFirstToken(3, -5));
        QueueingTests.AssertBad("endToEndMs", () => Latency.TimePerOutputToken(50, 87, 10));
        QueueingTests.AssertBad("outputTokens", () => Latency.TimePerOutputToken(500, 87, 1));
        QueueingTests.AssertBad("timeToFirstTokenMs", () => Latency.TimePerOutputToken(500, -1, 5));
    }
}
