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
                VisibleCases =
                [
                    PartCase.Of(Degradation.BestAction([100, 200], [0.5, 0.5], 300), new double[] { 100, 200 }, new double[] { 0.5, 0.5 }, 300d),
                    PartCase.Of(Degradation.BestAction([900, 1000], [1.0, 1.0], 500), new double[] { 900, 1000 }, new double[] { 1.0, 1.0 }, 500d),
                ],
                Nudge = "Drop the actions slower than the SLO, then take the highest quality of the rest. What do you return when none is left?",
                Hint = "Among the actions within the latency SLO, pick the highest quality; return null when none fits.",
                OffLimits = ["Degradation.BestAction", "Batching.BestBatchIndex"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "Goodput: requests meeting both TTFT and TPOT",
                AnswerVariable = "goodput",
                Kind = AnswerKind.Number,
                FunctionName = "GoodputFraction",
                Expected = Degradation.GoodputFraction(120, 30, 6, 29, 9, 129, 10),
                VisibleCases =
                [
                    Goodput(20, 30, 1, 20, 9, 200, 10),
                    Goodput(100, 30, 4, 50, 12, 500, 15),
                ],
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
                VisibleCases =
                [
                    BestGoodput(50, 2, [30, 60], [29, 29], [9, 20], 150, 10),
                    BestGoodput(1000, 1, [30], [29], [9], 120, 10),
                ],
                Nudge = "Compute part (b)'s fraction for each action and keep the largest. What if every action serves nobody?",
                Hint = "Goodput = λ × the fraction meeting both targets (part b) — the same λ for every action, so take the largest fraction; ties go to the earlier action; null when every fraction is 0.",
                OffLimits = ["Degradation.BestGoodputAction", "Degradation.GoodputFraction", "Queueing.ProbabilityWaitAtMost"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "What to do when the full answer misses the SLO",
                "At a traffic spike every full-quality action misses the latency SLO. What usually keeps the most users within SLO?",
                "b",
                "Degrading (shorter answers, a smaller model, a cached answer) lets more requests meet the SLO at some quality; shedding comes last, when no action meets it. Queueing everyone only makes every request late.",
                new("Keep full quality and let requests queue: everyone gets the best answer eventually.", "In a queue past saturation every request waits longer and longer, so almost nobody meets the SLO."),
                new("Degrade first, shed only when no action meets the SLO."),
                new("Shed all new requests until the spike ends.", "Shedding serves nobody; a cheaper action often still meets the SLO for many.")),
            Specs.Choice(
                "q2",
                "What goodput means",
                "In DistServe (Zhong et al., OSDI 2024), goodput is…",
                "b",
                "DistServe defines goodput as the highest request rate a system sustains while a target share of requests (e.g. 90 %) meets both the TTFT and the TPOT SLOs. This notebook's GoodputFraction is a variant: the share of requests that meet both at one rate.",
                new("the total tokens per second the system produces.", "That is throughput; goodput counts only requests that meet their latency SLOs."),
                new("the highest request rate at which a target share of requests meets both the TTFT and TPOT SLOs."),
                new("the share of GPUs that are busy.", "That is utilization, not goodput.")),
        ],
        Predictions = [new("predictedShedLoad", "the load (requests/s on 6 replicas) from which a cache miss is shed") { Unit = "requests/s", Reason = "Queueing delay stays small until the fleet nears saturation, then the p99 wait climbs steeply: the shed point sits close to where ρ approaches 1, not where the mean latency crosses the SLO." }],
    };

    internal static PartCase Goodput(double arrivalRate, double serviceRate, int replicas, double prefillMs, double tpotMs, double ttftSloMs, double tpotSloMs) =>
        PartCase.Of(Degradation.GoodputFraction(arrivalRate, serviceRate, replicas, prefillMs, tpotMs, ttftSloMs, tpotSloMs),
            arrivalRate, serviceRate, replicas, prefillMs, tpotMs, ttftSloMs, tpotSloMs);

    internal static PartCase BestGoodput(double arrivalRate, int replicas, double[] serviceRate, double[] prefillMs, double[] tpotMs, double ttftSloMs, double tpotSloMs) =>
        PartCase.Of(Degradation.BestGoodputAction(arrivalRate, replicas, serviceRate, prefillMs, tpotMs, ttftSloMs, tpotSloMs),
            arrivalRate, replicas, serviceRate, prefillMs, tpotMs, ttftSloMs, tpotSloMs);
}
