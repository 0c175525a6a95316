using System.Globalization;
using CsCheck;

namespace ServingMath.Tests;

public class KvCacheTests
{
    [Fact]
    public void MaxConcurrentRequests_seed_exercise_is_40_not_39()
    {
        // 32 GB / 0.8 GB = 40 exactly. In binary, 0.8 is stored as 0.8000000000000000444, so 32 is not a whole
        // multiple of it: the remainder 32 % 0.8 is 0.79999… (Python's 32 // 0.8 floors that exact quotient to 39).
        Assert.True(32 % 0.8 > 0.79); // the trap this function avoids
        Assert.Equal(40, KvCache.MaxConcurrentRequests(availableGb: 32, kvPerRequestGb: 0.8));
    }

    [Theory]
    [InlineData(0.3, 0.1, 3)]     // 0.3 / 0.1 = 2.9999999999999996 in doubles
    [InlineData(0.7, 0.1, 7)]     // 6.999999999999999
    [InlineData(0.7, 0.07, 10)]   // 9.999999999999998
    [InlineData(1.2, 0.05, 24)]   // 23.999999999999996
    [InlineData(0.6, 0.2, 3)]     // 2.9999999999999996
    [InlineData(64, 1.6, 40)]
    [InlineData(60.0, 0.3, 200)]
    [InlineData(10, 3, 3)]
    [InlineData(0, 0.5, 0)]
    public void MaxConcurrentRequests_floors_decimal_ratios_exactly(double available, double perRequest, int expected)
    {
        Assert.Equal(expected, KvCache.MaxConcurrentRequests(available, perRequest));
    }

    [Fact]
    public void Property_floor_agrees_with_decimal_arithmetic_for_decimal_inputs()
    {
        // Inputs with up to 3 decimals, as a person types them; reference: System.Decimal division.
        Gen.Select(Gen.Int[0, 2_000_000], Gen.Int[1, 100_000]).Sample((a, b) =>
        {
            var available = a / 1000m;
            var perRequest = b / 1000m;
            var expected = (int)decimal.Floor(available / perRequest);
            var actual = KvCache.MaxConcurrentRequests(
                double.Parse(available.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                double.Parse(perRequest.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            Assert.Equal(expected, actual);
        }, iter: 20_000);
    }

    [Fact]
    public void BytesPerToken_matches_transformers_measurements()
    {
        // data/kv_bytes_per_token.csv: bytes Hugging Face transformers really allocated for 600 tokens.
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "kv_bytes_per_token.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => long.Parse(p[6], CultureInfo.InvariantCulture) / long.Parse(p[5], CultureInfo.InvariantCulture));
        Assert.Equal(4, rows.Count);
        Assert.Equal(rows["llama-2-7b"], KvCache.Llama2_7B.KvBytesPerToken);
        Assert.Equal(rows["llama-3-8b"], KvCache.Llama3_8B.KvBytesPerToken);
        Assert.Equal(rows["llama-3-70b"], KvCache.Llama3_70B.KvBytesPerToken);
        Assert.Equal(rows["mistral-7b"], KvCache.Mistral7B.KvBytesPerToken);
        Assert.Equal(131_072, KvCache.BytesPerToken(layers: 32, kvHeads: 8, headDim: 128, bytesPerElement: 2));
    }

    [Fact]
    public void Llama3_8B_weights_match_the_measured_card()
    {
        // meta.json: 8 030 261 248 parameters, 16.061 GB of bf16 weights.
        Assert.Equal(16.061, KvCache.Llama3_8B.WeightGb, 3);
    }

    [Fact]
    public void H100_holds_about_450K_tokens_of_Llama3_8B_context()
    {
        // data README: 80 GB card − 16 GB weights ≈ 60 GB for KV ≈ 450 K tokens; 60e9 / 131072 = 457 763.
        Assert.Equal(457_763, KvCache.MaxTokens(60, KvCache.Llama3_8B.KvBytesPerToken));
    }

    [Fact]
    public void AvailableGb_subtracts_weights_from_the_usable_fraction()
    {
        // 85 GB × 0.9 − 16 GB − 2 GB = 58.5 GB.
        Assert.Equal(58.5, KvCache.AvailableGb(85, 16, 0.9, 2), 9);
    }

    [Fact]
    public void Paged_allocation_fits_more_requests_than_reserving_the_maximum()
    {
        // 10 GB for Llama-3-8B: 76 293 tokens. Reserving 8192 each: 9 requests.
        // Paged, 1000-token requests use 63 blocks of 16 (1008 tokens): 4768 blocks / 63 = 75 requests.
        Assert.Equal(76_293, KvCache.MaxTokens(10, KvCache.Llama3_8B.KvBytesPerToken));
        Assert.Equal(9, KvCache.ConcurrencyReservingMaxLength(10, KvCache.Llama3_8B, 8192));
        Assert.Equal(63, KvCache.Blocks(1000));
        Assert.Equal(75, KvCache.ConcurrencyPaged(10, KvCache.Llama3_8B, 1000));
    }

    [Fact]
    public void GbPerRequest_is_tokens_times_bytes()
    {
        // 4096 tokens × 131 072 B = 0.536870912 GB.
        Assert.Equal(0.536870912, KvCache.GbPerRequest(KvCache.Llama3_8B, 4096), 12);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("kvPerRequestGb", () => KvCache.MaxConcurrentRequests(32, 0));
        QueueingTests.AssertBad("availableGb", () => KvCache.MaxConcurrentRequests(-1, 0.8));
        QueueingTests.AssertBad("availableGb", () => KvCache.MaxConcurrentRequests(double.NaN, 0.8));
        QueueingTests.AssertBad("layers", () => KvCache.BytesPerToken(0, 8, 128, 2));
        QueueingTests.AssertBad("kvHeads", () => KvCache.BytesPerToken(32, -8, 128, 2));
        QueueingTests.AssertBad("headDim", () => KvCache.BytesPerToken(32, 8, 0, 2));
        QueueingTests.AssertBad("bytesPerElement", () => KvCache.BytesPerToken(32, 8, 128, 0));
        QueueingTests.AssertBad("model", () => KvCache.GbPerRequest(null!, 10));
        QueueingTests.AssertBad("tokens", () => KvCache.GbPerRequest(KvCache.Llama3_8B, -10));
        QueueingTests.AssertBad("weightsGb", () => KvCache.AvailableGb(24, 30));
        QueueingTests.AssertBad("memoryFraction", () => KvCache.AvailableGb(80, 16, 90));
        QueueingTests.AssertBad("gpuMemoryGb", () => KvCache.AvailableGb(0, 16));
        QueueingTests.AssertBad("otherGb", () => KvCache.AvailableGb(80, 16, 0.9, -1));
        QueueingTests.AssertBad("bytesPerToken", () => KvCache.MaxTokens(10, 0));
        QueueingTests.AssertBad("blockTokens", () => KvCache.Blocks(10, 0));
        QueueingTests.AssertBad("tokens", () => KvCache.Blocks(-1));
        QueueingTests.AssertBad("maxSequenceTokens", () => KvCache.ConcurrencyReservingMaxLength(10, KvCache.Llama3_8B, 0));
        QueueingTests.AssertBad("tokensPerRequest", () => KvCache.ConcurrencyPaged(10, KvCache.Llama3_8B, 0));
        QueueingTests.AssertBad("model", () => KvCache.ConcurrencyPaged(10, null!, 10));
    }

    // Issue 12, section 2: floors from the shortest round-trip decimal of each double. Reference: the same literal as a
    // System.Decimal, whose division of these values is exact.
    [Theory]
    [InlineData(2.9999999999999996, "2.9999999999999996", 1, "1", 2)]
    [InlineData(40.99999999999999, "40.99999999999999", 1, "1", 40)]
    [InlineData(9.999999999999998, "9.999999999999998", 0.5, "0.5", 19)]
    [InlineData(2.9999999999999e-13, "0.00000000000029999999999999", 1e-13, "0.0000000000001", 2)]
    [InlineData(32.8, "32.8", 0.8, "0.8", 41)]
    public void MaxConcurrentRequests_floors_sixteen_and_seventeen_digit_and_tiny_inputs_as_written(
        double available, string availableWritten, double perRequest, string perRequestWritten, int expected)
    {
        var reference = decimal.Floor(Dec(availableWritten) / Dec(perRequestWritten));
        Assert.Equal(expected, (int)reference);
        Assert.Equal(expected, KvCache.MaxConcurrentRequests(available, perRequest));
    }

    [Fact]
    public void Property_max_concurrent_requests_is_the_exact_floor_of_the_written_decimals()
    {
        // Any doubles (16–17 significant digits included): r is the floor exactly when r·b ≤ a < (r + 1)·b in System.Decimal
        // on the shortest round-trip decimals (these products are exact: at most 27 significant digits).
        Gen.Select(Gen.Double[0, 1e6], Gen.Double[1e-3, 1e3]).Sample((a, b) =>
        {
            var r = KvCache.MaxConcurrentRequests(a, b);
            decimal da = Dec(a.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            decimal db = Dec(b.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(r * db <= da && da < (r + 1) * db, $"{a} / {b}: got {r}");
        }, iter: 20_000);
    }

    [Fact]
    public void Counts_beyond_int_name_the_parameter_instead_of_clamping()
    {
        // 1e15 GB / 0.001 GB = 1e18 requests (it used to come back as int.MaxValue).
        var e = ArgumentAssert.Bad("availableGb", () => KvCache.MaxConcurrentRequests(1e15, 0.001));
        Assert.Contains("1000000000000000000", e.Message);
    }

    private static decimal Dec(string written) =>
        decimal.Parse(written, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
