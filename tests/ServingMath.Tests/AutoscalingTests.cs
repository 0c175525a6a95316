using CsCheck;

namespace ServingMath.Tests;

public class AutoscalingTests
{
    [Fact]
    public void Replicas_seed_exercise_is_6()
    {
        // 120 / (30 × 0.75) = 5.33 → 6.
        Assert.Equal(6, Autoscaling.Replicas(arrivalRate: 120, serviceRatePerReplica: 30, targetUtilization: 0.75));
    }

    [Theory]
    [InlineData(9, 3, 0.6, 5)]    // 9 / 1.8 = 5.000000000000001 in doubles
    [InlineData(21, 1, 0.7, 30)]  // 30.000000000000004
    [InlineData(18, 3, 0.6, 10)]  // 10.000000000000002
    [InlineData(90, 30, 0.75, 4)]
    [InlineData(0, 30, 0.75, 1)]  // at least one replica
    public void Replicas_ceil_decimal_ratios_exactly(double lambda, double mu, double target, int expected)
    {
        Assert.Equal(expected, Autoscaling.Replicas(lambda, mu, target));
    }

    [Fact]
    public void Property_replicas_agree_with_decimal_arithmetic()
    {
        Gen.Select(Gen.Int[1, 5000], Gen.Int[1, 200], Gen.Int[5, 100]).Sample((a, b, t) =>
        {
            var expected = (int)Math.Max(1, decimal.Ceiling(a / (b * (t / 100m))));
            Assert.Equal(expected, Autoscaling.Replicas(a, b, double.Parse((t / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)));
        }, iter: 20_000);
    }

    [Fact]
    public void ErlangC_rule_is_the_fewest_replicas_meeting_the_wait_slo()
    {
        // λ = 120, μ = 30, p99 wait ≤ 0.1 s. Check against the closed form directly.
        var c = Autoscaling.ReplicasForWaitSlo(120, 30, 0.1, 0.99);
        Assert.True(Queueing.WaitTimePercentile(120, 30, c, 0.99) <= 0.1);
        Assert.True(c - 1 <= 4 || Queueing.WaitTimePercentile(120, 30, c - 1, 0.99) > 0.1);
    }

    [Fact]
    public void Rules_disagree_for_large_fleets_where_pooling_shortens_waits()
    {
        // λ = 3000 req/s, μ = 30: the utilization rule at 0.75 asks for 134 replicas; Erlang C needs far fewer
        // for a 0.1 s p99 wait (a pool of ~100 busy servers rarely makes anyone wait).
        var cmp = Autoscaling.Compare(3000, 30, 0.75, 0.1);
        Assert.Equal(134, cmp.ByUtilization);
        Assert.True(cmp.ByErlangC < cmp.ByUtilization);
        Assert.Contains("over-provisions", cmp.Verdict);
    }

    [Fact]
    public void Rules_disagree_for_a_small_fleet_with_a_tight_slo()
    {
        // λ = 3, μ = 2, target 0.75: 2 replicas (ρ = 0.75), but a p99 wait of 0.2 s needs more.
        var cmp = Autoscaling.Compare(3, 2, 0.75, 0.2);
        Assert.Equal(2, cmp.ByUtilization);
        Assert.True(cmp.ByErlangC > 2);
        Assert.True(cmp.WaitAtUtilizationRuleSeconds > 0.2);
        Assert.Contains("under-provisions", cmp.Verdict);
    }

    [Fact]
    public void Compare_takes_point_3_over_point_1_as_written()
    {
        // By hand: 0.1 × 0.9 = 0.09; 0.3 / 0.09 = 3.33… → 4 replicas. ρ = 0.3 / (4 × 0.1) = 0.75 < 1, so the wait is finite.
        // (In binary 0.3 / 0.1 is 2.9999999999999996: a rule on doubles would take 3 replicas and ρ = 1.)
        var cmp = Autoscaling.Compare(0.3, 0.1, 0.9, 10);
        Assert.Equal(4, cmp.ByUtilization);
        Assert.True(double.IsFinite(cmp.WaitAtUtilizationRuleSeconds));

        // Target 1: 0.3 / (0.1 × 1) = 3 exactly → 3 replicas, ρ = 0.3 / (3 × 0.1) = 1 exactly: at capacity, the wait grows
        // without bound (3 × 0.1 is 0.30000000000000004 in binary, which would call it stable and then fail in Erlang C).
        var atCapacity = Autoscaling.Compare(0.3, 0.1, 1, 10);
        Assert.Equal(3, atCapacity.ByUtilization);
        Assert.Equal(double.PositiveInfinity, atCapacity.WaitAtUtilizationRuleSeconds);

        // Erlang C needs a stable count: ⌊0.3 / 0.1⌋ + 1 = 4 at least.
        Assert.True(atCapacity.ByErlangC >= 4);
        Assert.Contains("under-provisions", atCapacity.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_compare_decides_on_the_decimals_as_written()
    {
        // λ = a / 10, μ = b / 100, target = t / 100, typed with at most 4 significant digits. Reference: System.Decimal
        // (exact on these): c = max(1, ⌈λ / (μ × target)⌉), and the wait at c is +∞ exactly when λ ≥ c × μ.
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        static double Typed(decimal value) => double.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        Gen.Select(Gen.Int[1, 3000], Gen.Int[1, 500], Gen.Int[5, 100]).Sample((a, b, t) =>
        {
            decimal lambda = a / 10m, mu = b / 100m, target = t / 100m;
            var expected = (int)Math.Max(1, decimal.Ceiling(lambda / (mu * target)));
            var cmp = Autoscaling.Compare(Typed(lambda), Typed(mu), Typed(target), 1);
            Assert.Equal(expected, cmp.ByUtilization);
            Assert.Equal(lambda >= expected * mu, double.IsPositiveInfinity(cmp.WaitAtUtilizationRuleSeconds));
            Assert.True(lambda < cmp.ByErlangC * mu, string.Create(culture, $"Erlang C's {cmp.ByErlangC} replicas are not stable for λ = {lambda}, μ = {mu}"));
        }, iter: 2_000);
    }

    [Fact]
    public void Verdict_says_1_replica_not_1_replicas()
    {
        // λ = 1, μ = 2, target 0.75 → 1 replica; a 0.01 s p99 wait needs a second one.
        var cmp = Autoscaling.Compare(1, 2, 0.75, 0.01);
        Assert.Equal(1, cmp.ByUtilization);
        Assert.StartsWith("The utilization rule under-provisions: 1 replica misses", cmp.Verdict);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("targetUtilization", () => Autoscaling.Replicas(120, 30, 75));
        QueueingTests.AssertBad("targetUtilization", () => Autoscaling.Replicas(120, 30, 0));
        QueueingTests.AssertBad("serviceRatePerReplica", () => Autoscaling.Replicas(120, 0, 0.75));
        QueueingTests.AssertBad("arrivalRate", () => Autoscaling.Replicas(-120, 30, 0.75));
        QueueingTests.AssertBad("arrivalRate", () => Autoscaling.ReplicasForWaitSlo(0, 30, 0.1));
        QueueingTests.AssertBad("waitSloSeconds", () => Autoscaling.ReplicasForWaitSlo(10, 30, -0.1));
        QueueingTests.AssertBad("percentile", () => Autoscaling.ReplicasForWaitSlo(10, 30, 0.1, 1));
        QueueingTests.AssertBad("targetUtilization", () => Autoscaling.Compare(10, 30, 2, 0.1));
    }

    [Fact]
    public void Replicas_ceil_tiny_inputs_as_written()
    {
        // Reference: ⌈3.0000000000001e-13 / (1e-13 × 1)⌉ in System.Decimal = ⌈3.0000000000001⌉ = 4 (a conversion to decimal
        // that drops inputs below 1e-12 gave 3).
        Assert.Equal(4m, decimal.Ceiling(0.00000000000030000000000001m / 0.0000000000001m));
        Assert.Equal(4, Autoscaling.Replicas(3.0000000000001e-13, 1e-13, 1));
    }

    [Fact]
    public void Replica_counts_beyond_int_name_the_parameter()
    {
        ArgumentAssert.Bad("arrivalRate", () => Autoscaling.Replicas(3e9, 1, 1));                // 3e9 replicas, used to clamp
        ArgumentAssert.Bad("arrivalRate", () => Autoscaling.ReplicasForWaitSlo(3e9, 1, 0.1)); // used to blame "servers" with −2147483648
    }

    [Fact]
    public void Property_the_one_pass_search_gives_the_fewest_replicas_meeting_the_slo()
    {
        // Reference: the definition, checked with the public WaitTimePercentile — the answer meets the SLO and one fewer
        // replica does not (or is unstable).
        Gen.Select(Gen.Double[0.5, 300], Gen.Double[0.5, 20], Gen.Double[0, 2], Gen.Double[0.5, 0.999]).Sample((lambda, mu, slo, p) =>
        {
            var c = Autoscaling.ReplicasForWaitSlo(lambda, mu, slo, p);
            Assert.True(Queueing.WaitTimePercentile(lambda, mu, c, p) <= slo);
            Assert.True(lambda >= (c - 1) * mu || Queueing.WaitTimePercentile(lambda, mu, c - 1, p) > slo);
        }, iter: 2_000);
    }
}
