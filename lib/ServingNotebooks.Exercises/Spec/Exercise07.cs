using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 7: Autoscaling — the utilization rule, the traffic a fleet carries under square-root staffing, the Erlang C rule.</summary>
public static class Exercise07
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 7,
        Notebook = "07-autoscaling.ipynb",
        Title = "Autoscaling",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Autoscaling",
                AnswerVariable = "replicas",
                Kind = AnswerKind.Integer,
                FunctionName = "Replicas",
                Expected = Autoscaling.Replicas(120, 30, 0.75),
                VisibleCases =
                [
                    PartCase.Of(Autoscaling.Replicas(9, 1.2, 0.75), 9d, 1.2, 0.75),
                    PartCase.Of(Autoscaling.Replicas(50, 30, 0.8), 50d, 30d, 0.8),
                ],
                Nudge = "How much traffic can one replica take at the target? Round the number of replicas the safe way — and try λ = 9, μ = 1.2, 75 %: is your answer exactly 10?",
                Hint = "replicas = ⌈λ / (μ × target)⌉ — an exact whole number must not be rounded up to the next one.",
                OffLimits = ["Autoscaling.Replicas"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The traffic a fleet carries under square-root staffing",
                AnswerVariable = "fleetCapacity",
                Kind = AnswerKind.Number,
                FunctionName = "MaxArrivalRateForReplicas",
                Expected = Capacity(6, 30, 0.5),
                VisibleCases =
                [
                    PartCase.Of(Capacity(10, 1.2, 1), 10, 1.2, 1d),
                    PartCase.Of(Capacity(40, 30, 2), 40, 30d, 2d),
                ],
                Nudge = "The rule sizes a fleet from its load; here the fleet is given and the load is the unknown. With x = √a, what kind of equation is c = a + β·√a?",
                Hint = "c = x² + β·x with x = √a: take the positive root, x = (√(β² + 4c) − β) / 2, then a = x² erlangs and λ = μ·a requests per second.",
                OffLimits = ["Queueing.SquareRootStaffingCapacity", "Queueing.SquareRootStaffing"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Replicas for a p99-wait SLO (Erlang C)",
                AnswerVariable = "replicasForSlo",
                Kind = AnswerKind.Integer,
                FunctionName = "ReplicasForWaitSlo",
                Expected = Autoscaling.ReplicasForWaitSlo(120, 30, 0.1, 0.99),
                VisibleCases =
                [
                    PartCase.Of(Autoscaling.ReplicasForWaitSlo(60, 30, 0.5, 0.95), 60d, 30d, 0.5, 0.95),
                    PartCase.Of(Autoscaling.ReplicasForWaitSlo(240, 30, 0.05, 0.99), 240d, 30d, 0.05, 0.99),
                ],
                Nudge = "Which fleet sizes have a steady state at all? Start at the first one and add replicas until the p99 wait meets the SLO. What is the wait when fewer than 1 % of requests wait?",
                Hint = "Start at the first stable fleet, ⌊λ/μ⌋ + 1, and add replicas until t_p = ln(C/(1 − p)) / (cμ − λ) is within the SLO; t_p is 0 when C ≤ 1 − p.",
                OffLimits = ["Autoscaling.ReplicasForWaitSlo", "Autoscaling.Compare", "Queueing.WaitTimePercentile", "Queueing.ProbabilityWaitAtMost", "Queueing.ServersForWaitProbability"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Averaging p99s",
                "Four replicas report p99 latencies of 180, 210, 950 and 200 ms. Why can't you average them to get the fleet's p99?",
                "a",
                "Percentiles do not average: the fleet's p99 is a percentile of all the requests together, so merge the histograms (or the raw samples) and take the percentile of the merged distribution. One slow replica can dominate the fleet's tail; for equal traffic the fleet's p99 lies between the smallest and the largest replica p99, but rarely at their mean.",
                new("Percentiles don't average: merge the distributions (histograms), then take the p99."),
                new("You can, as long as the replicas get equal traffic.", "Equal traffic does not help: the fleet's p99 depends on the shapes of the four distributions, not on their p99s alone."),
                new("Take the largest instead: it is exactly the fleet's p99.", "The largest replica p99 is an upper bound for equal traffic, not the fleet's p99.")),
            Specs.Choice(
                "q2",
                "Utilization targets at different fleet sizes",
                "You autoscale to keep utilization at 75 %. Which is true of the queueing wait this gives at 4 replicas versus 40?",
                "b",
                "Pooling: at the same utilization, a larger fleet makes a request much less likely to wait (Erlang C falls with c), so a fixed utilization target over-provisions large fleets and may under-provision small ones. Square-root staffing (c = a + β√a) and a wait SLO size each fleet for what users feel.",
                new("The same wait: the same utilization means the same queue.", "Erlang C depends on the number of servers too, not only on utilization."),
                new("40 replicas wait much less at the same 75 %."),
                new("40 replicas wait more: there are more requests.", "More servers behind one queue absorb bursts better; waiting gets rarer, not commoner.")),
        ],
        Predictions = [new("predictedSimP99WaitMs", "the simulated p99 wait at 6 batching H100 replicas, ms (Erlang C says 56)") { Unit = "ms", Reason = "The p99 wait lives in the queue's tail: Erlang C gives the chance of waiting at all and the tail decays like e^(−(cμ − λ)t), so near saturation a small change in load moves it by multiples; the batching replica's service times are not exponential either." }],
    };

    /// <summary>The library's answer to (b): the arrival rate μ·a that <paramref name="replicas"/> carry under square-root staffing with β.</summary>
    internal static double Capacity(int replicas, double serviceRate, double beta) => serviceRate * Queueing.SquareRootStaffingCapacity(replicas, beta);
}
