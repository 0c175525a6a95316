namespace ServingMath;

/// <summary>The choice behind batch choice and degradation: the best option within a latency limit.</summary>
internal static class Selection
{
    /// <summary>
    /// The index of the highest score among options whose latency is at most the limit; ties in score go
    /// to the lower latency, then the earlier index. Null when no option is within the limit.
    /// Arguments are validated by the public callers, which name them in the learner's terms.
    /// </summary>
    internal static int? BestWithinLimit(IReadOnlyList<double> score, IReadOnlyList<double> latency, double limit)
    {
        int? best = null;
        for (var i = 0; i < score.Count; i++)
        {
            if (latency[i] > limit)
            {
                continue;
            }

            if (best is not int b || score[i] > score[b] || (score[i] == score[b] && latency[i] < latency[b]))
            {
                best = i;
            }
        }

        return best;
    }
}
