using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// The plain queue against textbook theory. References are computed here, independently of the library:
/// Erlang C by the textbook sum C(c, a) = [aᶜ/c! · c/(c − a)] / [Σₖ₌₀..c₋₁ aᵏ/k! + aᶜ/c! · c/(c − a)], a = λ/μ,
/// and the mean wait W_q = C / (cμ − λ).
/// Tolerances: the sample mean wait of a queue is autocorrelated, so its spread grows like 1/(1 − ρ)² and only
/// shrinks like 1/√n. Over 16 seeds the relative standard deviation measured 1.6–2.7 % for the runs below at ρ ≤ 0.9
/// and about 4 % at ρ = 0.95 with a million requests; tolerances are ≈ 3.5 standard deviations: 7 % (ρ ≤ 0.9) and
/// 15 % (ρ = 0.95). The probability of waiting is far less noisy (≤ 1 %): 3 %. The first 1 % of requests
/// (the warm-up from an empty system) is dropped.
/// </summary>
public class MmcQueueTests
{
    private static double ErlangC(int c, double a)
    {
        double sum = 0, term = 1; // aᵏ/k!
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        var last = term * c / (c - a); // aᶜ/c! · c/(c − a)
        return last / (sum + last);
    }

    private static void AssertMatchesErlangC(double rho, int c, int requests, double waitTolerance, int seed = 1)
    {
        const double mu = 1.0;
        var lambda = rho * c * mu;
        var trace = Simulator.MmcQueue(lambda, mu, c, requests, seed);
        double waitSum = 0;
        var waited = 0;
        var first = requests / 100;
        for (var i = first; i < requests; i++)
        {
            var queueMs = trace[i].QueueMs;
            waitSum += queueMs;
            waited += queueMs > 0 ? 1 : 0;
        }

        var meanWaitSeconds = waitSum / 1000.0 / (requests - first);
        var probabilityOfWaiting = waited / (double)(requests - first);

        var erlangC = ErlangC(c, lambda / mu);
        var theoryWait = erlangC / ((c * mu) - lambda);
        Assert.InRange(meanWaitSeconds / theoryWait, 1 - waitTolerance, 1 + waitTolerance);
        Assert.InRange(probabilityOfWaiting / erlangC, 0.97, 1.03);
    }

    [Fact]
    public void Erlang_c_reference_matches_published_values()
    {
        // M/M/1: C = ρ. M/M/2 with a = 1: C = 1/3. Textbook value C(5, 4) ≈ 0.5541.
        Assert.Equal(0.8, ErlangC(1, 0.8), 12);
        Assert.Equal(1.0 / 3, ErlangC(2, 1.0), 12);
        Assert.Equal(0.5541, ErlangC(5, 4.0), 4);
    }

    [Fact]
    public void Mm1_simulated_mean_wait_matches_theory_at_rho_0_5() => AssertMatchesErlangC(0.5, 1, 200_000, 0.07);

    [Fact]
    public void Mm1_simulated_mean_wait_matches_theory_at_rho_0_7() => AssertMatchesErlangC(0.7, 1, 200_000, 0.07);

    [Fact]
    public void Mm1_simulated_mean_wait_matches_theory_at_rho_0_8() => AssertMatchesErlangC(0.8, 1, 400_000, 0.07);

    [Fact]
    public void Mm1_simulated_mean_wait_matches_theory_at_rho_0_9() => AssertMatchesErlangC(0.9, 1, 1_000_000, 0.07);

    [Fact]
    public void Mm1_simulated_mean_wait_matches_theory_at_rho_0_95_with_a_looser_tolerance() =>
        AssertMatchesErlangC(0.95, 1, 1_000_000, 0.15);

    [Fact]
    public void Mm2_simulated_wait_matches_erlang_c_at_rho_0_5() => AssertMatchesErlangC(0.5, 2, 200_000, 0.07);

    [Fact]
    public void Mm2_simulated_wait_matches_erlang_c_at_rho_0_8() => AssertMatchesErlangC(0.8, 2, 400_000, 0.07);

    [Fact]
    public void Mm2_simulated_wait_matches_erlang_c_at_rho_0_95_with_a_looser_tolerance() =>
        AssertMatchesErlangC(0.95, 2, 1_000_000, 0.15);

    [Fact]
    public void Mm4_simulated_wait_matches_erlang_c_at_rho_0_7() => AssertMatchesErlangC(0.7, 4, 200_000, 0.07);

    [Fact]
    public void Mm4_simulated_wait_matches_erlang_c_at_rho_0_9() => AssertMatchesErlangC(0.9, 4, 1_000_000, 0.07);

    [Fact]
    public void Md1_simulated_mean_wait_matches_pollaczek_khinchine_at_rho_0_8()
    {
        // Deterministic service D = 0.1 s, λ = 8/s: ρ = 0.8, W_q = λD² / (2(1 − ρ)) = 8 × 0.01 / 0.4 = 0.2 s.
        // Half the variance of M/M/1 at the same ρ; 200 000 requests, tolerance 6 %.
        var trace = Simulator.MgcQueue(8, _ => 0.1, 1, 200_000, seed: 3);
        var meanWait = trace.Skip(2000).Average(t => t.QueueMs) / 1000.0;
        Assert.InRange(meanWait / 0.2, 0.94, 1.06);
        Assert.All(trace.Take(100), t => Assert.Equal(100, t.PrefillMs, 9));
    }

    [Fact]
    public void Servers_are_busy_a_fraction_rho_of_the_time()
    {
        // Utilization = Σ service / (c × span) → ρ = λ/(cμ) = 0.75; 100 000 requests, tolerance 2 %.
        var trace = Simulator.MmcQueue(3, 1, 4, 100_000, seed: 5);
        var span = trace.Max(t => t.DepartureSeconds) - trace[0].ArrivalSeconds;
        var utilization = trace.Sum(t => t.PrefillMs / 1000.0) / (4 * span);
        Assert.InRange(utilization, 0.75 * 0.98, 0.75 * 1.02);
        Assert.All(trace, t => Assert.InRange(t.Replica, 0, 3));
    }

    [Fact]
    public void Requests_start_in_arrival_order_and_arrivals_are_sorted()
    {
        var trace = Simulator.MmcQueue(1.8, 1, 2, 20_000, seed: 9);
        for (var i = 1; i < trace.Count; i++)
        {
            Assert.True(trace[i].ArrivalSeconds >= trace[i - 1].ArrivalSeconds);
            var startPrev = trace[i - 1].ArrivalSeconds + (trace[i - 1].QueueMs / 1000);
            var start = trace[i].ArrivalSeconds + (trace[i].QueueMs / 1000);
            Assert.True(start >= startPrev - 1e-12, $"request {i} started before request {i - 1} (FCFS)");
        }
    }

    [Fact]
    public void Queue_trace_lines_have_unique_ids_one_token_and_e2e_equal_to_wait_plus_service()
    {
        var trace = Simulator.MmcQueue(2, 1, 3, 2000, seed: 2);
        Assert.Equal(2000, trace.Select(t => t.RequestId).Distinct().Count());
        Assert.All(trace, t =>
        {
            Assert.Equal(t.QueueMs + t.PrefillMs, t.EndToEndMs, 9);
            Assert.Equal(t.EndToEndMs, t.TtftMs, 9);
            Assert.Equal((1, RequestStatus.Ok), (t.OutputTokens, t.Status));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => trace[2000]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_and_another_seed_does_not()
    {
        var a = Simulator.MmcQueue(0.9, 1, 1, 5000, seed: 42);
        var b = Simulator.MmcQueue(0.9, 1, 1, 5000, seed: 42);
        var c = Simulator.MmcQueue(0.9, 1, 1, 5000, seed: 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a[10].ArrivalSeconds, c[10].ArrivalSeconds);
    }

    [Fact]
    public void More_servers_see_the_same_arrivals_for_the_same_seed()
    {
        // Arrivals and service times come from separate seeded streams, so comparing c = 1 and c = 2 compares like with like.
        var one = Simulator.MmcQueue(0.5, 1, 1, 1000, seed: 7);
        var two = Simulator.MmcQueue(0.5, 1, 2, 1000, seed: 7);
        Assert.Equal(one.Select(t => t.ArrivalSeconds), two.Select(t => t.ArrivalSeconds));
        Assert.Equal(one.Select(t => t.PrefillMs), two.Select(t => t.PrefillMs));
        Assert.True(two.Average(t => t.QueueMs) < one.Average(t => t.QueueMs));
    }

    [Theory]
    [InlineData(-3.0, 1.0, 1, 10, "arrivalRate", "-3")]
    [InlineData(0.0, 1.0, 1, 10, "arrivalRate", "got 0")]
    [InlineData(double.NaN, 1.0, 1, 10, "arrivalRate", "NaN")]
    [InlineData(1.0, -2.5, 1, 10, "serviceRate", "-2.5")]
    [InlineData(1.0, 1.0, 0, 10, "servers", "got 0")]
    [InlineData(1.0, 1.0, 1, 0, "requests", "got 0")]
    public void Bad_rates_and_counts_are_refused_naming_the_parameter_and_value(
        double arrivalRate, double serviceRate, int servers, int requests, string param, string shown)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Simulator.MmcQueue(arrivalRate, serviceRate, servers, requests, 1));
        Assert.Equal(param, e.ParamName);
        Assert.Contains(shown, e.Message);
        Assert.StartsWith(param + " (", e.Message);
    }

    [Fact]
    public void A_service_sampler_returning_a_non_positive_time_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.MgcQueue(1, _ => -0.5, 1, 10, 1));
        Assert.Equal("serviceTimeSeconds", e.ParamName);
        Assert.Contains("-0.5", e.Message);
    }
}
