namespace ServingMath;

/// <summary>
/// Graceful degradation: when the full-quality path is too slow, pick the best-quality action that
/// meets the latency SLO (a smaller model, a shorter answer, a cached answer) — and say clearly when
/// nothing fits, so the caller sheds the request or falls back instead of crashing.
/// </summary>
public static class Degradation
{
    /// <summary>
    /// The index of the highest-quality action whose latency meets the SLO, or null when none does.
    /// Ties in quality go to the lower latency, then to the earlier index.
    /// </summary>
    /// <param name="latency">Latency of each action, ms (same unit as the SLO). Range: finite values.</param>
    /// <param name="quality">Quality score of each action, same order (e.g. 1.0 = full model). Range: finite values.</param>
    /// <param name="latencySlo">The latency SLO. Range: finite.</param>
    /// <example><c>BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 1300)</c> is 1.</example>
    public static int? BestAction(IReadOnlyList<double> latency, IReadOnlyList<double> quality, double latencySlo)
    {
        LibraryCalls.Record(typeof(Degradation));
        Guard.FiniteList(latency, nameof(latency), "latency of each action");
        Guard.FiniteList(quality, nameof(quality), "quality of each action");
        Guard.SameLength(latency, nameof(latency), quality, nameof(quality));
        Guard.Finite(latencySlo, nameof(latencySlo), "latency SLO");
        return Selection.BestWithinLimit(quality, latency, latencySlo);
    }

    /// <summary>
    /// A decision with a name and a reason: the best action that meets the SLO, or an explicit
    /// "nothing fits" that tells the caller to shed the request or take the fallback.
    /// </summary>
    /// <param name="actions">The candidate actions.</param>
    /// <param name="latencySlo">The latency SLO, ms. Range: finite.</param>
    public static DegradationDecision Decide(IReadOnlyList<DegradationAction> actions, double latencySlo)
    {
        Guard.NotNull(actions, nameof(actions), "candidate actions");
        if (actions.Count == 0)
        {
            throw new ArgumentException("actions is empty; pass at least one action to choose from.", nameof(actions));
        }

        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i] is null)
            {
                throw new ArgumentException($"actions has a null entry at index {i}.", nameof(actions));
            }
        }

        var index = BestAction([.. actions.Select(a => a.LatencyMs)], [.. actions.Select(a => a.Quality)], latencySlo);
        if (index is int i2)
        {
            var a = actions[i2];
            return new DegradationDecision(a, $"'{a.Name}' meets the {Guard.Show(latencySlo)} ms SLO at {Guard.Show(a.LatencyMs)} ms with quality {Guard.Show(a.Quality)}.");
        }

        var fastest = actions.MinBy(a => a.LatencyMs)!;
        return new DegradationDecision(null,
            $"Nothing fits: the fastest action '{fastest.Name}' takes {Guard.Show(fastest.LatencyMs)} ms against a {Guard.Show(latencySlo)} ms SLO. Shed the request or take the fallback path.");
    }

    /// <summary>
    /// Goodput as a fraction: the share of requests that meet both the TTFT and the TPOT target when an action is served by
    /// c replicas modelled as an M/M/c queue (μ requests/s each). TPOT is the action's: above its target, nobody meets it (0).
    /// TTFT = queue wait + prefill, so a request meets the TTFT target when it waits at most t = TTFT target − prefill:
    /// P(Wq ≤ t) = 1 − C(c, λ/μ)·e^(−(cμ − λ)t). 0 when t &lt; 0 (the prefill alone is too slow) and when λ ≥ cμ (the
    /// replicas cannot keep up and the queue grows without bound). Goodput in requests/s is λ times this fraction.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A variant of DistServe's measure (Y. Zhong et al., OSDI 2024, section 2): there, goodput is the highest request rate
    /// at which an SLO-attainment target (e.g. 90 % of requests meeting both TTFT and TPOT) still holds; this fraction is
    /// the attainment at one given rate.
    /// </para>
    /// <para>
    /// M/M/c treats a replica as one server finishing requests one at a time. A batching LLM replica serves dozens at once and
    /// shows overload as a slower TPOT rather than a longer queue (notebook 7's simulation); take the TPOT at the load you expect.
    /// </para>
    /// </remarks>
    /// <param name="arrivalRate">Requests per second (λ). Range: λ ≥ 0.</param>
    /// <param name="serviceRate">Requests per second one replica completes with this action (μ). Range: μ &gt; 0.</param>
    /// <param name="replicas">Replicas serving the action (c). Range: c ≥ 1.</param>
    /// <param name="prefillMs">The action's prefill (time from admission to first token), ms. Range: ≥ 0.</param>
    /// <param name="tpotMs">The action's time per output token, ms. Range: ≥ 0.</param>
    /// <param name="ttftSloMs">The TTFT target, ms. Range: ≥ 0.</param>
    /// <param name="tpotSloMs">The TPOT target, ms. Range: ≥ 0.</param>
    /// <returns>The fraction of requests that meet both targets, between 0 and 1.</returns>
    /// <example><c>GoodputFraction(120, 30, 6, 29, 9, 129, 10)</c>: TPOT 9 ≤ 10; wait allowed 0.1 s; 1 − 0.2848 × e^(−6) = 0.99929.</example>
    public static double GoodputFraction(double arrivalRate, double serviceRate, int replicas, double prefillMs, double tpotMs,
        double ttftSloMs, double tpotSloMs)
    {
        LibraryCalls.Record(typeof(Degradation));
        Guard.NonNegative(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(serviceRate, nameof(serviceRate), "requests per second one replica completes");
        Guard.Positive(replicas, nameof(replicas), "replicas");
        Guard.NonNegative(prefillMs, nameof(prefillMs), "prefill, ms");
        Guard.NonNegative(tpotMs, nameof(tpotMs), "time per output token, ms");
        Guard.NonNegative(ttftSloMs, nameof(ttftSloMs), "TTFT target, ms");
        Guard.NonNegative(tpotSloMs, nameof(tpotSloMs), "TPOT target, ms");
        var slackMs = ttftSloMs - prefillMs;
        if (tpotMs > tpotSloMs || slackMs < 0 || arrivalRate >= replicas * serviceRate)
        {
            return 0;
        }

        return Queueing.ProbabilityWaitAtMost(arrivalRate, serviceRate, replicas, slackMs / 1000);
    }

    /// <summary>
    /// The action with the most goodput — requests per second that meet both the TTFT and the TPOT target
    /// (<see cref="GoodputFraction"/> × λ, λ the same for every action) — or null when no action meets them for anyone.
    /// Ties go to the earlier index. Unlike <see cref="BestAction"/> it does not look at quality.
    /// </summary>
    /// <param name="arrivalRate">Requests per second (λ). Range: λ ≥ 0.</param>
    /// <param name="replicas">Replicas (c). Range: c ≥ 1.</param>
    /// <param name="serviceRate">Requests per second one replica completes, per action. Range: &gt; 0 each.</param>
    /// <param name="prefillMs">Prefill per action, ms. Range: ≥ 0 each.</param>
    /// <param name="tpotMs">Time per output token per action, ms. Range: ≥ 0 each.</param>
    /// <param name="ttftSloMs">The TTFT target, ms. Range: ≥ 0.</param>
    /// <param name="tpotSloMs">The TPOT target, ms. Range: ≥ 0.</param>
    /// <returns>The index of the action with the most goodput, or null when every action's goodput is 0.</returns>
    public static int? BestGoodputAction(double arrivalRate, int replicas, IReadOnlyList<double> serviceRate, IReadOnlyList<double> prefillMs,
        IReadOnlyList<double> tpotMs, double ttftSloMs, double tpotSloMs)
    {
        LibraryCalls.Record(typeof(Degradation));
        Guard.FiniteList(serviceRate, nameof(serviceRate), "requests per second one replica completes, per action");
        Guard.FiniteList(prefillMs, nameof(prefillMs), "prefill per action, ms");
        Guard.FiniteList(tpotMs, nameof(tpotMs), "time per output token per action, ms");
        Guard.SameLength(serviceRate, nameof(serviceRate), prefillMs, nameof(prefillMs));
        Guard.SameLength(serviceRate, nameof(serviceRate), tpotMs, nameof(tpotMs));
        int? best = null;
        var bestFraction = 0.0;
        for (var i = 0; i < serviceRate.Count; i++)
        {
            var fraction = GoodputFraction(arrivalRate, serviceRate[i], replicas, prefillMs[i], tpotMs[i], ttftSloMs, tpotSloMs);
            if (fraction > bestFraction)
            {
                best = i;
                bestFraction = fraction;
            }
        }

        return best;
    }
}


/// <summary>One way to answer a request.</summary>
/// <param name="Name">What it is, e.g. "8B model, 256 tokens".</param>
/// <param name="LatencyMs">Its latency, ms.</param>
/// <param name="Quality">Its quality score, higher is better.</param>
public sealed record DegradationAction(string Name, double LatencyMs, double Quality);

/// <summary>The result of <see cref="Degradation.Decide"/>.</summary>
/// <param name="Choice">The chosen action, or null when nothing meets the SLO.</param>
/// <param name="Reason">One sentence a person can read in a log.</param>
public sealed record DegradationDecision(DegradationAction? Choice, string Reason)
{
    /// <summary>True when no action meets the SLO: shed the request or fall back.</summary>
    public bool ShouldShed => Choice is null;
}
