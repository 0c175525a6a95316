using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 2: Utilization.</summary>
public static class Exercise02
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 2,
        Notebook = "02-utilization.ipynb",
        Title = "Utilization",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Utilization",
                AnswerVariable = "rho",
                Kind = AnswerKind.Number,
                FunctionName = "Utilization",
                Expected = Queueing.Utilization(30, 50),
                Nudge = "Utilization is a fraction of time, without a unit: which ratio of the two rates is below 1 here?",
                Hint = "Utilization ρ = λ / μ: arrival rate over service rate.",
                OffLimits = ["Queueing.Utilization", "Queueing.Mmc"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "The mean wait in a shared queue (Erlang C)",
                AnswerVariable = "waitMs",
                Kind = AnswerKind.Number,
                FunctionName = "MeanWaitMs",
                Expected = WaitMs(150, 50, 4),
                Nudge = "Two factors: how likely a request is to wait at all, and how long those who wait wait. Mind the unit (ms).",
                Hint = "Wq = C(c, a) / (cμ − λ), with a = λ/μ, ρ = a/c, C = B / (1 − ρ(1 − B)), B = Erlang B(c, a); × 1000 for ms.",
                OffLimits = ["Queueing.ErlangC", "Queueing.Mmc"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Servers a pooled queue needs",
                AnswerVariable = "pooled",
                Kind = AnswerKind.Integer,
                FunctionName = "PooledServers",
                Expected = Queueing.ServersForWaitProbability(2.1, 0.3),
                Nudge = "Start from the fewest servers that keep the queue stable (c > a) and add one until the target is met.",
                Hint = "The smallest c > a (a stable queue) with Erlang C(c, a) ≤ p: start at ⌊a⌋ + 1 and add servers.",
                OffLimits = ["Queueing.ServersForWaitProbability"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedW90Ms", "M/M/1 mean response time at ρ = 0.9 with μ = 50 req/s, ms")],
    };

    internal static double WaitMs(double arrivalRate, double serviceRate, int servers) =>
        1000 * Queueing.Mmc(arrivalRate, serviceRate, servers).MeanWait;
}
