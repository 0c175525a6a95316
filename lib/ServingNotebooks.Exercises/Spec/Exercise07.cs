using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

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
                Nudge = "Which fleet sizes have a steady state at all? Start at the first one and add replicas until the p99 wait meets the SLO. What is the wait when fewer than 1 % of requests wait?",
                Hint = "Start at the first stable fleet, ⌊λ/μ⌋ + 1, and add replicas until t_p = ln(C/(1 − p)) / (cμ − λ) is within the SLO; t_p is 0 when C ≤ 1 − p.",
                OffLimits = ["Autoscaling.ReplicasForWaitSlo", "Autoscaling.Compare", "Queueing.WaitTimePercentile", "Queueing.ProbabilityWaitAtMost", "Queueing.ServersForWaitProbability"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedSimP99WaitMs", "the simulated p99 wait at 6 batching H100 replicas, ms (Erlang C says 56)")],
    };
}
