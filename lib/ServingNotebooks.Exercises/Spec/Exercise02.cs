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
                VisibleCases =
                [
                    PartCase.Of(Queueing.Utilization(12, 40), 12d, 40d),
                    PartCase.Of(Queueing.Utilization(99, 100), 99d, 100d),
                ],
                Nudge = "Utilization is a fraction of time, without a unit: which ratio of the two rates is below 1 here?",
                Hint = "Utilization ρ = λ / μ: arrival rate over service rate.",
                OffLimits = ["Queueing.Utilization", "Queueing.Mmc"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The mean wait in a shared queue (Erlang C)",
                AnswerVariable = "waitMs",
                Kind = AnswerKind.Number,
                FunctionName = "MeanWaitMs",
                Expected = WaitMs(150, 50, 4),
                VisibleCases =
                [
                    PartCase.Of(WaitMs(90, 50, 2), 90d, 50d, 2),
                    PartCase.Of(WaitMs(10, 50, 1), 10d, 50d, 1),
                ],
                Nudge = "Two factors: how likely a request is to wait at all, and how long those who wait wait. Mind the unit (ms).",
                Hint = "Wq = C(c, a) / (cμ − λ), with a = λ/μ, ρ = a/c, C = E_B / (1 − ρ(1 − E_B)), E_B = Erlang B(c, a); × 1000 for ms.",
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
                VisibleCases =
                [
                    PartCase.Of(Queueing.ServersForWaitProbability(1.5, 0.5), 1.5, 0.5),
                    PartCase.Of(Queueing.ServersForWaitProbability(10, 0.1), 10d, 0.1),
                ],
                Nudge = "Start from the fewest servers that keep the queue stable (c > a) and add one until the target is met.",
                Hint = "The smallest c > a (a stable queue) with Erlang C(c, a) ≤ p: start at ⌊a⌋ + 1 and add servers.",
                OffLimits = ["Queueing.ServersForWaitProbability"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Pooling two replicas",
                "One replica runs at 90 % utilization and its mean queueing wait is too long. You add a second identical replica behind one shared queue; traffic is unchanged. What happens to the mean wait?",
                "c",
                "Pooled, each server is 45 % busy and a request waits only when both are busy: for M/M/2 at a = 0.9 the chance of waiting falls from 0.9 to about 0.28, and the mean wait from 9/μ to about 0.25/μ, some 35× shorter. Queues reward spare capacity and pooling far more than linearly.",
                new("It halves: twice the servers, half the wait.", "Waiting is not proportional to load: it grows like ρ/(1 − ρ), so taking ρ from 0.9 to 0.45 (and pooling) cuts it far more than in half."),
                new("It stays about the same: the traffic per request did not change.", "Each server's utilization halves, and waiting depends steeply on utilization."),
                new("It falls by far more than half.")),
            Specs.Choice(
                "q2",
                "Why queues explode near 100 %",
                "A replica can serve 50 req/s and receives 48 req/s on average. Why can its queue still grow long?",
                "a",
                "Random arrivals bunch. At ρ = 0.96 there is almost no idle time to absorb a burst, so the backlog a burst leaves drains slowly; the M/M/1 mean wait is ρ/(μ − λ) = 0.48 s, twenty-four service times.",
                new("Arrivals come in bursts, and at 96 % busy there is almost no idle time to work a burst off."),
                new("The GPU slows down when it is busy.", "The service rate is the same at every load here; the wait grows because of the randomness of arrivals."),
                new("It cannot: on average the replica is fast enough, so no queue forms.", "An average below capacity only guarantees the queue is stable, not that it is short: the mean wait is ρ/(μ − λ).")),
        ],
        Predictions = [new("predictedW90Ms", "M/M/1 mean response time at ρ = 0.9 with μ = 50 req/s, ms") { Unit = "ms", Reason = "Waiting grows like ρ/(1 − ρ): at ρ = 0.9 the M/M/1 mean response time is 1/(μ − λ), ten service times, not 1.1. The last tenth of utilization costs the most." }],
    };

    internal static double WaitMs(double arrivalRate, double serviceRate, int servers) =>
        1000 * Queueing.Mmc(arrivalRate, serviceRate, servers).MeanWait;
}
