using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 9: Degradation — the best action under the SLO, goodput, the action with the most goodput.</summary>
public static class Exercise09
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 9,
        Notebook = "09-degradation.ipynb",
        Title = "Degradation",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Degradation",
                AnswerVariable = "best",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "BestAction",
                Expected = Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 1300),
                Nudge = "Drop the actions slower than the SLO, then take the highest quality of the rest. What do you return when none is left?",
                Hint = "Among the actions within the latency SLO, pick the highest quality; return null when none fits.",
                OffLimits = ["Degradation.BestAction", "Batching.BestBatchIndex"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "Goodput: requests meeting both TTFT and TPOT",
                AnswerVariable = "goodput",
                Kind = AnswerKind.Number,
                FunctionName = "GoodputFraction",
                Expected = Degradation.GoodputFraction(120, 30, 6, 29, 9, 129, 10),
                Nudge = "Three ways to meet nobody come first (TPOT, prefill, an unstable queue). Otherwise: how long may a request wait, in seconds, and how likely is a wait that short?",
                Hint = "0 when TPOT is above its target, the prefill alone exceeds the TTFT target, or λ ≥ cμ; otherwise P(wait ≤ TTFT target − prefill) = 1 − C(c, λ/μ)·e^(−(cμ − λ)t), t in seconds.",
                OffLimits = ["Degradation.GoodputFraction", "Degradation.BestGoodputAction", "Queueing.ProbabilityWaitAtMost"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "The action with the most goodput",
                AnswerVariable = "bestForGoodput",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "BestGoodputAction",
                Expected = Degradation.BestGoodputAction(170, 6, [3, 6, 30, 60], [240, 240, 29, 29], [21, 21, 9, 9], 200, 25),
                Nudge = "Compute part (b)'s fraction for each action and keep the largest. What if every action serves nobody?",
                Hint = "Goodput = λ × the fraction meeting both targets (part b) — the same λ for every action, so take the largest fraction; ties go to the earlier action; null when every fraction is 0.",
                OffLimits = ["Degradation.BestGoodputAction", "Degradation.GoodputFraction", "Queueing.ProbabilityWaitAtMost"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedShedLoad", "the load (requests/s on 6 replicas) from which a cache miss is shed")],
    };

    internal static PartCase Goodput(double arrivalRate, double serviceRate, int replicas, double prefillMs, double tpotMs, double ttftSloMs, double tpotSloMs) =>
        PartCase.Of(Degradation.GoodputFraction(arrivalRate, serviceRate, replicas, prefillMs, tpotMs, ttftSloMs, tpotSloMs),
            arrivalRate, serviceRate, replicas, prefillMs, tpotMs, ttftSloMs, tpotSloMs);

    internal static PartCase BestGoodput(double arrivalRate, int replicas, double[] serviceRate, double[] prefillMs, double[] tpotMs, double ttftSloMs, double tpotSloMs) =>
        PartCase.Of(Degradation.BestGoodputAction(arrivalRate, replicas, serviceRate, prefillMs, tpotMs, ttftSloMs, tpotSloMs),
            arrivalRate, replicas, serviceRate, prefillMs, tpotMs, ttftSloMs, tpotSloMs);
}
