namespace ServingMath.Tests;

public class CostTests
{
    [Fact]
    public void PerMillionTokens_seed_exercise()
    {
        // $3/h ÷ (1000 tok/s × 3600 s/h) × 10⁶ = $0.8333…
        Assert.Equal(5.0 / 6, Cost.PerMillionTokens(hourlyCost: 3.0, tokensPerSecond: 1000), 12);
    }

    [Fact]
    public void Quarter_utilization_quadruples_the_price()
    {
        Assert.Equal(4 * 5.0 / 6, Cost.PerMillionTokensAtUtilization(3.0, 1000, 0.25), 12);
    }

    [Fact]
    public void Measured_H100_batch_256_throughput_prices_tokens()
    {
        // decode_by_batch.csv: batch 256 at 512 context makes 16 356.2 tok/s; at $3/h: 3/(16356.2×3600)×10⁶ = $0.05095.
        Assert.Equal(0.05095, Cost.PerMillionTokens(3.0, 16_356.2), 5);
    }

    [Fact]
    public void Input_tokens_are_cheaper_than_output_tokens()
    {
        // Prefill ~36 110 tok/s (2048-token prompt) vs decode 3914 tok/s (batch 32): $0.0231 vs $0.2129 per million.
        var prices = Cost.InputOutputPrices(3.0, 36_110, 3914.2);
        Assert.Equal(3.0 / (36_110 * 3600) * 1e6, prices.InputPerMillion, 12);
        Assert.Equal(3.0 / (3914.2 * 3600) * 1e6, prices.OutputPerMillion, 12);
        // A request with 2000 input and 500 output tokens: (2000 × in + 500 × out) / 10⁶.
        Assert.Equal(((2000 * prices.InputPerMillion) + (500 * prices.OutputPerMillion)) / 1e6, Cost.PerRequest(prices, 2000, 500), 15);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("tokensPerSecond", () => Cost.PerMillionTokens(3, 0));
        QueueingTests.AssertBad("hourlyCost", () => Cost.PerMillionTokens(-3, 10));
        QueueingTests.AssertBad("hourlyCost", () => Cost.PerMillionTokens(double.NaN, 10));
        QueueingTests.AssertBad("utilization", () => Cost.PerMillionTokensAtUtilization(3, 10, 0));
        QueueingTests.AssertBad("utilization", () => Cost.PerMillionTokensAtUtilization(3, 10, 75));
        QueueingTests.AssertBad("peakTokensPerSecond", () => Cost.PerMillionTokensAtUtilization(3, -10, 0.5));
        QueueingTests.AssertBad("tokensPerSecond", () => Cost.InputOutputPrices(3, 0, 10));
        QueueingTests.AssertBad("prices", () => Cost.PerRequest(null!, 1, 1));
        QueueingTests.AssertBad("inputTokens", () => Cost.PerRequest(new TokenPrices(1, 1), -1, 1));
        QueueingTests.AssertBad("outputTokens", () => Cost.PerRequest(new TokenPrices(1, 1), 1, -1));
    }

    [Fact]
    public void PerRequest_rejects_prices_that_are_not_a_real_price()
    {
        ArgumentAssert.Bad("prices", () => Cost.PerRequest(new TokenPrices(double.NaN, 1), 10, 10));
        ArgumentAssert.Bad("prices", () => Cost.PerRequest(new TokenPrices(1, double.PositiveInfinity), 10, 10));
        ArgumentAssert.Bad("prices", () => Cost.PerRequest(new TokenPrices(-0.5, 1), 10, 10));
    }
}
