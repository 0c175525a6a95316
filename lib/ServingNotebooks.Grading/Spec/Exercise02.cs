using ServingMath;

namespace ServingNotebooks.Grading.Spec;

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
                HiddenCases =
                [
                    HiddenCase.Of(Queueing.Utilization(45, 50), 45d, 50d),
                    HiddenCase.Of(Queueing.Utilization(7, 20), 7d, 20d),
                    HiddenCase.Of(Queueing.Utilization(0, 10), 0d, 10d),
                ],
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
                HiddenCases =
                [
                    HiddenCase.Of(WaitMs(30, 50, 1), 30d, 50d, 1),
                    HiddenCase.Of(WaitMs(45, 50, 1), 45d, 50d, 1),
                    HiddenCase.Of(WaitMs(380, 50, 8), 380d, 50d, 8),
                    HiddenCase.Of(WaitMs(0, 50, 3), 0d, 50d, 3),
                ],
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
                HiddenCases =
                [
                    HiddenCase.Of(Queueing.ServersForWaitProbability(3, 0.2), 3d, 0.2),
                    HiddenCase.Of(Queueing.ServersForWaitProbability(0.5, 0.3), 0.5, 0.3),
                    HiddenCase.Of(Queueing.ServersForWaitProbability(100, 0.05), 100d, 0.05),
                    HiddenCase.Of(Queueing.ServersForWaitProbability(4, 0.999), 4d, 0.999),
                ],
                Nudge = "Start from the fewest servers that keep the queue stable (c > a) and add one until the target is met.",
                Hint = "The smallest c > a (a stable queue) with Erlang C(c, a) ≤ p: start at ⌊a⌋ + 1 and add servers.",
                OffLimits = ["Queueing.ServersForWaitProbability"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedW90Ms", "M/M/1 mean response time at ρ = 0.9 with μ = 50 req/s, ms")],
    };

    private static double WaitMs(double arrivalRate, double serviceRate, int servers) =>
        1000 * Queueing.Mmc(arrivalRate, serviceRate, servers).MeanWait;
}
