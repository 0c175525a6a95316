using CsCheck;
using MathNet.Numerics;

namespace ServingMath.Tests;

public class QueueingTests
{
    [Fact]
    public void LittlesLaw_seed_exercise_gives_24_requests_in_flight()
    {
        // Hand computation: L = λW = 12 req/s × 2.0 s = 24.
        Assert.Equal(24.0, Queueing.LittlesLaw(arrivalRate: 12, timeInSystem: 2.0), 12);
    }

    [Fact]
    public void Utilization_seed_exercise_is_0_6()
    {
        // 30 / 50 = 0.6 (tolerance 1e-12).
        Assert.Equal(0.6, Queueing.Utilization(arrivalRate: 30, serviceRate: 50), 12);
    }

    [Fact]
    public void Utilization_divides_by_all_servers()
    {
        // 120 / (4 × 50) = 0.6.
        Assert.Equal(0.6, Queueing.Utilization(120, 50, servers: 4), 12);
    }

    [Fact]
    public void ErlangB_matches_published_table_value_for_10_servers_at_5_erlangs()
    {
        // Erlang B tables: 10 trunks offered 5 erlangs block 1.84 % of calls (0.018385…).
        Assert.Equal(0.018385, Queueing.ErlangB(10, 5), 5);
    }

    [Fact]
    public void ErlangC_matches_hand_computation_for_2_servers_at_1_erlang()
    {
        // B(2,1) = (1/2)/(1 + 1 + 1/2) = 0.2; C = 2·0.2 / (2 − 1·0.8) = 1/3.
        Assert.Equal(1.0 / 3, Queueing.ErlangC(2, 1), 12);
    }

    [Fact]
    public void ErlangC_matches_published_value_for_10_servers()
    {
        // Textbook sum C = (aᶜ/c!)(c/(c−a)) / (Σ_{k<c} aᵏ/k! + (aᶜ/c!)(c/(c−a))), computed here
        // independently for c = 10, a = 8: 0.409 (call-centre tables give 40.9 %).
        double a = 8, c = 10;
        double sum = 0, term = 1;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        var top = term * (c / (c - a));
        var expected = top / (sum + top);
        Assert.Equal(expected, Queueing.ErlangC(10, 8), 12);
        Assert.Equal(0.409, Queueing.ErlangC(10, 8), 3);
    }

    [Fact]
    public void ErlangC_is_accurate_far_beyond_where_factorials_overflow()
    {
        // Reference in log space with lnΓ (independent of the library's recursion): c = 500, a = 480.
        const int c = 500;
        const double a = 480;
        double LogTerm(int k) => (k * Math.Log(a)) - SpecialFunctions.FactorialLn(k);
        var logTop = LogTerm(c) + Math.Log(c / (c - a));
        var max = logTop;
        var logs = Enumerable.Range(0, c).Select(LogTerm).ToList();
        max = Math.Max(max, logs.Max());
        var denominator = logs.Sum(l => Math.Exp(l - max)) + Math.Exp(logTop - max);
        var expected = Math.Exp(logTop - max) / denominator;
        Assert.Equal(expected, Queueing.ErlangC(c, a), 10);
    }

    [Fact]
    public void ErlangC_works_for_100000_servers()
    {
        var p = Queueing.ErlangC(100_000, 99_000);
        Assert.InRange(p, 0.0, 1.0);
        Assert.True(double.IsFinite(p));
        // Halfin–Whitt: β = (c − a)/√a ≈ 3.18 puts the probability of waiting near 0.3 %; it must be small but positive.
        Assert.InRange(p, 1e-4, 0.05);
    }

    [Fact]
    public void Mm1_matches_textbook_values_at_rho_0_8()
    {
        // λ = 8, μ = 10: W = 1/(μ − λ) = 0.5 s, Wq = ρ/(μ − λ) = 0.4 s, L = 4, Lq = 3.2, P(wait) = ρ = 0.8.
        var r = Queueing.Mm1(8, 10);
        Assert.Equal(0.8, r.Utilization, 12);
        Assert.Equal(0.8, r.ProbabilityOfWaiting, 12);
        Assert.Equal(0.4, r.MeanWait, 12);
        Assert.Equal(0.5, r.MeanResponseTime, 12);
        Assert.Equal(3.2, r.MeanQueueLength, 12);
        Assert.Equal(4.0, r.MeanInSystem, 12);
    }

    [Fact]
    public void MeanResponseTime_of_two_servers_matches_hand_computation()
    {
        // λ = 1, μ = 1, c = 2: C = 1/3, Wq = C/(cμ − λ) = 1/3, W = 1/3 + 1 = 4/3 s.
        Assert.Equal(4.0 / 3, Queueing.MeanResponseTime(1, 1, servers: 2), 12);
    }

    [Fact]
    public void Md1_waits_half_as_long_as_Mm1()
    {
        // Pollaczek–Khinchine with Cs = 0 halves the M/M/1 wait: 0.4 s → 0.2 s at λ = 8, E[S] = 0.1 s.
        Assert.Equal(0.2, Queueing.Md1(8, 0.1).MeanWait, 12);
        Assert.Equal(0.4, Queueing.Mg1(8, 0.1, serviceTimeCv: 1).MeanWait, 12);
    }

    [Fact]
    public void WaitTimePercentile_of_Mm1_matches_hand_computation()
    {
        // P(Wq > t) = ρ e^{−(μ−λ)t}: p99 = ln(0.8 / 0.01) / 2 = ln(80)/2 ≈ 2.191 s.
        Assert.Equal(Math.Log(80) / 2, Queueing.WaitTimePercentile(8, 10, 1, 0.99), 12);
        // When fewer than 1 % of arrivals wait, the p99 wait is zero.
        Assert.Equal(0.0, Queueing.WaitTimePercentile(1, 10, 3, 0.99));
    }

    [Fact]
    public void Mm1_response_time_p99_is_exponential_quantile()
    {
        // Exponential with rate μ − λ = 2: −ln(0.01)/2 ≈ 2.303 s.
        Assert.Equal(-Math.Log(0.01) / 2, Queueing.Mm1ResponseTimePercentile(8, 10, 0.99), 12);
    }

    [Fact]
    public void SquareRootStaffing_adds_beta_root_a()
    {
        // a = 100, β = 1: ⌈100 + 10⌉ = 110; a = 2, β = 0.5: ⌈2 + 0.707⌉ = 3.
        Assert.Equal(110, Queueing.SquareRootStaffing(100, 1));
        Assert.Equal(3, Queueing.SquareRootStaffing(2, 0.5));
    }

    [Fact]
    public void ServersForWaitProbability_is_the_fewest_that_meet_the_target()
    {
        // a = 8: C(10, 8) ≈ 0.41 > 0.2, C(11, 8) ≈ 0.22 > 0.2, C(12, 8) ≈ 0.11 ≤ 0.2 → 12.
        var c = Queueing.ServersForWaitProbability(8, 0.2);
        Assert.True(Queueing.ErlangC(c, 8) <= 0.2);
        Assert.True(Queueing.ErlangC(c - 1, 8) > 0.2);
    }

    [Fact]
    public void Property_ErlangC_is_at_least_ErlangB()
    {
        Gen.Select(Gen.Int[1, 300], Gen.Double[0.01, 0.99]).Sample((c, rho) =>
            Assert.True(Queueing.ErlangC(c, c * rho) >= Queueing.ErlangB(c, c * rho) - 1e-15));
    }

    [Fact]
    public void Property_ErlangC_decreases_as_servers_are_added()
    {
        Gen.Select(Gen.Int[1, 300], Gen.Double[0.1, 250]).Where((c, a) => a < c).Sample((c, a) =>
            Assert.True(Queueing.ErlangC(c + 1, a) <= Queueing.ErlangC(c, a) + 1e-15));
    }

    [Fact]
    public void Property_LittlesLaw_round_trips()
    {
        // L / λ gives W back (relative tolerance 1e-12).
        Gen.Select(Gen.Double[0.001, 1e4], Gen.Double[0.001, 1e3]).Sample((lambda, w) =>
            Assert.Equal(w, Queueing.LittlesLaw(lambda, w) / lambda, w * 1e-12));
    }

    [Fact]
    public void Property_Mmc_obeys_Littles_law_in_queue_and_system()
    {
        Gen.Select(Gen.Int[1, 50], Gen.Double[0.05, 0.97], Gen.Double[0.1, 100]).Sample((c, rho, mu) =>
        {
            var r = Queueing.Mmc(rho * c * mu, mu, c);
            Assert.Equal(r.MeanInSystem, r.MeanQueueLength + r.OfferedLoad, 1e-9 * Math.Max(1, r.MeanInSystem));
        });
    }

    [Fact]
    public void Unstable_queue_is_rejected_with_the_ratio_in_the_message()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Queueing.Mm1(60, 50));
        Assert.Equal("arrivalRate", e.ParamName);
        Assert.Contains("utilization must be below 1", e.Message);
        Assert.Contains("arrivalRate 60 / serviceRate 50 = 1.2", e.Message);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        AssertBad("arrivalRate", () => Queueing.LittlesLaw(-1, 2));
        AssertBad("timeInSystem", () => Queueing.LittlesLaw(1, double.NaN));
        AssertBad("serviceRate", () => Queueing.Utilization(1, 0));
        AssertBad("servers", () => Queueing.Utilization(1, 1, 0));
        AssertBad("servers", () => Queueing.ErlangB(0, 1));
        AssertBad("offeredLoad", () => Queueing.ErlangB(3, -1));
        AssertBad("offeredLoad", () => Queueing.ErlangC(3, 3));
        AssertBad("offeredLoad", () => Queueing.ErlangC(3, double.PositiveInfinity));
        AssertBad("serviceRate", () => Queueing.Mmc(1, -2, 2));
        AssertBad("arrivalRate", () => Queueing.MeanResponseTime(20, 5, 3));
        AssertBad("percentile", () => Queueing.WaitTimePercentile(1, 2, 1, 99));
        AssertBad("percentile", () => Queueing.Mm1ResponseTimePercentile(1, 2, 0));
        AssertBad("arrivalRate", () => Queueing.Mm1ResponseTimePercentile(3, 2, 0.5));
        AssertBad("meanServiceTime", () => Queueing.Mg1(1, 0, 1));
        AssertBad("serviceTimeCv", () => Queueing.Mg1(1, 0.1, -1));
        AssertBad("arrivalRate", () => Queueing.Md1(20, 0.1));
        AssertBad("offeredLoad", () => Queueing.SquareRootStaffing(0, 1));
        AssertBad("beta", () => Queueing.SquareRootStaffing(10, -1));
        AssertBad("maxProbabilityOfWaiting", () => Queueing.ServersForWaitProbability(10, 1.5));
    }

    internal static void AssertBad(string parameter, Action call) => ArgumentAssert.Bad(parameter, call);

    [Fact]
    public void Mm1_response_time_percentile_keeps_its_digits_for_tiny_percentiles()
    {
        // Reference: −ln(1 − p) = p + p²/2 + p³/3 + …, summed in System.Decimal (later terms are below 1e-36).
        // With λ = 0, μ = 1 the percentile is that sum; forming 1 − p in binary first gave a relative error of 2e-5.
        var p = 1e-12m;
        var reference = (double)(p + (p * p / 2) + (p * p * p / 3));
        var actual = Queueing.Mm1ResponseTimePercentile(0, 1, 1e-12);
        Assert.True(Math.Abs(actual - reference) <= 1e-15 * reference, $"{actual} vs {reference}");
    }

    [Fact]
    public void Mmc_at_capacity_as_written_is_unstable()
    {
        // λ = 0.3, c·μ = 3 × 0.1 = 0.3 exactly as written: ρ = 1 (binary gives 0.9999999999999999 and a "stable" queue).
        ArgumentAssert.Bad("arrivalRate", () => Queueing.Mmc(0.3, 0.1, 3));
        Assert.True(Queueing.Mmc(0.3, 0.1, 4).Utilization < 1);
    }

    [Fact]
    public void Server_counts_beyond_int_name_the_parameter()
    {
        ArgumentAssert.Bad("offeredLoad", () => Queueing.SquareRootStaffing(1e12, 1));        // used to return int.MaxValue
        ArgumentAssert.Bad("offeredLoad", () => Queueing.ServersForWaitProbability(3e9, 0.5)); // used to blame "servers"
    }

    [Fact]
    public void ErlangB_with_int_max_servers_is_zero()
    {
        // B(c, a) ≤ aᶜ / c!, and 1 / 200! ≈ 1.3e-375 is below the smallest double: B(2³¹ − 1, 1) is 0 in double.
        Assert.Equal(0.0, Queueing.ErlangB(int.MaxValue, 1));
        Assert.Equal(Queueing.ErlangB(200, 1), Queueing.ErlangB(int.MaxValue, 1));
    }

    [Fact]
    public void Property_the_one_pass_search_gives_the_fewest_servers_for_a_wait_probability()
    {
        // Reference: the definition with the public ErlangC — the answer meets the target and one fewer server does not
        // (or is unstable, a ≥ c − 1).
        Gen.Select(Gen.Double[0.1, 500], Gen.Double[0.01, 0.9]).Sample((a, target) =>
        {
            var c = Queueing.ServersForWaitProbability(a, target);
            Assert.True(Queueing.ErlangC(c, a) <= target);
            Assert.True(a >= c - 1 || Queueing.ErlangC(c - 1, a) > target);
        }, iter: 2_000);
    }

    [Fact]
    public void ProbabilityWaitAtMost_is_one_minus_rho_times_the_exponential_tail_for_one_server()
    {
        // M/M/1: C = ρ = 5/30; P(Wq ≤ 0.1 s) = 1 − (1/6)·e^(−25 × 0.1).
        Assert.Equal(1 - (1.0 / 6 * Math.Exp(-2.5)), Queueing.ProbabilityWaitAtMost(5, 30, 1, 0.1), 12);
    }

    [Fact]
    public void ProbabilityWaitAtMost_zero_is_the_chance_of_not_waiting_at_all()
    {
        // M/M/2 with a = 1/6: a²/2 · 2/(2 − a) = 1/66; C = (1/66) / (1 + 1/6 + 1/66) = 1/78, so P(Wq ≤ 0) = 77/78.
        Assert.Equal(77.0 / 78, Queueing.ProbabilityWaitAtMost(5, 30, 2, 0), 12);
        Assert.Equal(0.99, Queueing.ProbabilityWaitAtMost(120, 30, 6, Queueing.WaitTimePercentile(120, 30, 6, 0.99)), 9);
        Assert.Contains("seconds", Assert.ThrowsAny<ArgumentException>(() => Queueing.ProbabilityWaitAtMost(5, 30, 1, -1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SquareRootStaffing_adds_decimals_as_written()
    {
        // 0.64 + 2.95 × √0.64 = 0.64 + 2.36 = 3 exactly; binary floating point gives 3.0000000000000004 and ⌈⌉ = 4.
        Assert.Equal(3, Queueing.SquareRootStaffing(0.64, 2.95));
        Assert.Equal(5, Queueing.SquareRootStaffing(4, 0.5));        // 4 + 0.5 × 2
        Assert.Equal(44, Queueing.SquareRootStaffing(40, 0.5));      // 40 + 3.16
        Assert.Equal(1, Queueing.SquareRootStaffing(0.01, 0.5));     // 0.06, at least one server
    }
}
