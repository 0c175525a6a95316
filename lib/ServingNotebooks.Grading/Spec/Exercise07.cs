using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 7: Autoscaling — the utilization rule, square-root staffing, the Erlang C rule.</summary>
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
                HiddenCases =
                [
                    HiddenCase.Of(Autoscaling.Replicas(90, 30, 0.75), 90d, 30d, 0.75),
                    HiddenCase.Of(Autoscaling.Replicas(9, 3, 0.6), 9d, 3d, 0.6),
                    HiddenCase.Of(Autoscaling.Replicas(1000, 7, 0.8), 1000d, 7d, 0.8),
                ],
                Nudge = "How much traffic can one replica take at the target? Round the number of replicas the safe way — and try λ = 9, μ = 1.2, 75 %: is your answer exactly 10?",
                Hint = "replicas = ⌈λ / (μ × target)⌉ — an exact whole number must not be rounded up to the next one.",
                OffLimits = ["Autoscaling.Replicas"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "Square-root staffing",
                AnswerVariable = "staffed",
                Kind = AnswerKind.Integer,
                FunctionName = "SquareRootStaffing",
                Expected = Queueing.SquareRootStaffing(4, 0.5),
                HiddenCases =
                [
                    HiddenCase.Of(Queueing.SquareRootStaffing(40, 0.5), 40d, 0.5),
                    HiddenCase.Of(Queueing.SquareRootStaffing(100, 2), 100d, 2d),
                    HiddenCase.Of(Queueing.SquareRootStaffing(0.64, 2.95), 0.64, 2.95),
                    HiddenCase.Of(Queueing.SquareRootStaffing(0.01, 0.5), 0.01, 0.5),
                ],
                Nudge = "The offered load plus β square roots of it, rounded up — and at least one server. Does 0.64 with β = 2.95 give 3?",
                Hint = "c = ⌈a + β·√a⌉, at least 1 — and 0.64 + 2.95 × 0.8 is exactly 3: add in decimal before the ceiling.",
                OffLimits = ["Queueing.SquareRootStaffing"],
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
                HiddenCases =
                [
                    HiddenCase.Of(Autoscaling.ReplicasForWaitSlo(5, 30, 0.1, 0.99), 5d, 30d, 0.1, 0.99),
                    HiddenCase.Of(Autoscaling.ReplicasForWaitSlo(600, 30, 0.1, 0.99), 600d, 30d, 0.1, 0.99),
                    HiddenCase.Of(Autoscaling.ReplicasForWaitSlo(1200, 30, 0.1, 0.99), 1200d, 30d, 0.1, 0.99),
                    HiddenCase.Of(Autoscaling.ReplicasForWaitSlo(120, 30, 0, 0.99), 120d, 30d, 0d, 0.99),
                ],
                Nudge = "Which fleet sizes have a steady state at all? Start at the first one and add replicas until the p99 wait meets the SLO. What is the wait when fewer than 1 % of requests wait?",
                Hint = "Start at the first stable fleet, ⌊λ/μ⌋ + 1, and add replicas until t_p = ln(C/(1 − p)) / (cμ − λ) is within the SLO; t_p is 0 when C ≤ 1 − p.",
                OffLimits = ["Autoscaling.ReplicasForWaitSlo", "Autoscaling.Compare", "Queueing.WaitTimePercentile", "Queueing.ProbabilityWaitAtMost", "Queueing.ServersForWaitProbability"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedSimP99WaitMs", "the simulated p99 wait at 6 batching H100 replicas, ms (Erlang C says 56)")],
    };
}
