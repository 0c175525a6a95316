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
        AnswerKey.Record(typeof(Degradation));
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
