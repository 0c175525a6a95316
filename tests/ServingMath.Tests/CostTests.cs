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
    public void Utilization_is_delivered_over_peak_tokens_so_the_price_is_that_of_the_delivered_tokens()
    {
        // A replica that could make 4 000 tok/s but delivers 1 000 tok/s: ρ = 1000/4000 = 0.25, and a million tokens cost
        // $3 / (1 000 tok/s × 3 600 s/h) × 10⁶ = $0.8333…, the same as PerMillionTokens of the 1 000 delivered tok/s.
        Assert.Equal(0.25, Cost.TokenUtilization(1000, 4000), 15);
        Assert.Equal(5.0 / 6, Cost.PerMillionTokensAtUtilization(3.0, 4000, 0.25), 12);
    }

    [Fact]
    public void A_batching_H100_busy_all_the_time_at_batch_8_pays_the_batch_8_price_not_the_batch_64_price()
    {
        // decode_by_batch.csv, context 2 048: batch 8 makes 986.6 tok/s, batch 64 makes 4 856.6 tok/s.
        // Token utilization ρ = 986.6 / 4856.6 = 0.203146… (4856.6 × 0.2 = 971.32; 15.28 / 4856.6 = 0.003146).
        double rho = Cost.TokenUtilization(986.6, 4856.6);
        Assert.Equal(0.203146, rho, 6);
        // Cost = 3 / (986.6 × 3600) × 10⁶ = 3 / 3.55176 = $0.84465 per million, about 4.9× the batch-64 price
        // 3 / (4856.6 × 3600) × 10⁶ = 3 / 17.48376 = $0.17159 that "100 % busy" would give.
        Assert.Equal(0.84465, Cost.PerMillionTokensAtUtilization(3.0, 4856.6, rho), 5);
        Assert.Equal(0.17159, Cost.PerMillionTokensAtUtilization(3.0, 4856.6, 1.0), 5);
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
        QueueingTests.AssertBad("deliveredTokensPerSecond", () => Cost.TokenUtilization(0, 10));
        QueueingTests.AssertBad("deliveredTokensPerSecond", () => Cost.TokenUtilization(20, 10));
        QueueingTests.AssertBad("peakTokensPerSecond", () => Cost.TokenUtilization(5, double.NaN));
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
