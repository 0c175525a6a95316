using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 1: Little's law.</summary>
public static class Exercise01
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 1,
        Notebook = "01-littles-law.ipynb",
        Title = "Little's law",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Little's law",
                AnswerVariable = "L",
                Kind = AnswerKind.Number,
                FunctionName = "Concurrency",
                Expected = Queueing.LittlesLaw(12, 2.0),
                VisibleCases =
                [
                    PartCase.Of(Queueing.LittlesLaw(20, 1.5), 20d, 1.5),
                    PartCase.Of(Queueing.LittlesLaw(0.2, 45), 0.2, 45d),
                ],
                Nudge = "L is a count of requests. Which combination of req/s and s gives a count?",
                Hint = "Little's law: L = λ × W (arrivals per second × seconds in the system).",
                OffLimits = ["Queueing.LittlesLaw", "Queueing.Mmc"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The longest answer a slot limit can carry",
                AnswerVariable = "maxAnswer",
                Kind = AnswerKind.Integer,
                FunctionName = "MaxAnswerTokens",
                ExpectedFromData = data =>
                {
                    var (prefillMs, tpotMs) = NotebookInputs.H100PrefillAndTpot(data, promptTokens: 512, batch: 256);
                    return Queueing.MaxOutputTokens(256, 100, prefillMs / 1000, tpotMs / 1000);
                },
                VisibleCases =
                [
                    PartCase.Of(Queueing.MaxOutputTokens(64, 16, 0.25, 0.02), 64, 16d, 0.25, 0.02),
                    PartCase.Of(Queueing.MaxOutputTokens(10, 20, 0.6, 0.01), 10, 20d, 0.6, 0.01),
                ],
                Nudge = "Little's law, read for W: how long may each request stay when the slots are full at this rate? Then how many tokens fit in that stay, counting that the prefill already brings the first one? And if the prefill alone is too long?",
                Hint = "W = L / λ; n = ⌊(W − prefill) / TPOT⌋ + 1 (the prefill ends with the first token, each further token takes one TPOT), and 0 when W < prefill.",
                OffLimits = ["Queueing.MaxOutputTokens", "Queueing.MaxArrivalRate"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "L over a window that cuts requests in two",
                AnswerVariable = "lWindow",
                Kind = AnswerKind.Number,
                FunctionName = "MeanInSystem",
                ExpectedFromData = data => Tracing.MeanConcurrency(NotebookInputs.LittlesLawTrace(data), 0, 60),
                VisibleCases =
                [
                    Window([0, 2], [4, 6], 1, 5),
                    Window([0, 3], [5, 4], 2, 6),
                ],
                Nudge = "A request that arrived before the window or leaves after it counts only for the part of its stay inside.",
                Hint = "L over [t₀, t₁] = Σ max(0, min(depᵢ, t₁) − max(arrᵢ, t₀)) (arrᵢ, depᵢ: request i's arrival and departure) / (t₁ − t₀): count only the part of each stay inside the window.",
                OffLimits = ["Tracing.MeanConcurrency", "Tracing.Summarize"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Requests in flight when the stay doubles",
                "Traffic stays at 12 req/s, but answers get longer and the mean time a request spends in the server doubles. What happens to the mean number of requests in flight (and the KV cache they hold)?",
                "b",
                "Little's law, L = λ × W, holds for any stable system: the same arrival rate with twice the mean stay means twice the requests in flight, and twice the KV cache to hold them.",
                new("It stays the same: the number in flight is set by the arrival rate alone.", "The arrival rate says how many start each second; how many are inside at once also depends on how long each one stays (L = λ × W)."),
                new("It doubles: L = λ × W with the same λ and twice the W."),
                new("It halves: a busier server finishes each request faster.", "Nothing here makes the server faster; the stay doubled by assumption, and L = λ × W.")),
            Specs.Choice(
                "q2",
                "Why a window's L and λ × W differ",
                "On a 60-second window of a trace, the time-average number in the system is 18.3, but λ × W computed over the requests that finished inside the window is 16.9. What is the most likely reason?",
                "b",
                "Requests that straddle the window's edges count in L for the part of their stay inside it, but are not (all) among the requests that started and finished there. The gap shrinks as the window grows relative to a stay.",
                new("Little's law does not hold for LLM servers, because they batch.", "Little's law assumes nothing about the service discipline: it holds for batching, priorities and any other scheduler, as long as the system is stable."),
                new("Edge effects: requests that straddle the window's start or end."),
                new("Rounding of the timestamps.", "Millisecond timestamps cannot make an 8 % gap on stays of seconds.")),
        ],
        Predictions = [new("predictedL", "mean requests in the system on the simulated H100 trace at 12 req/s") { Unit = "requests", Reason = "Little's law holds for any stable queue: L = λ × W with λ = 12 req/s and W the whole stay (queue + prefill + decode). A guess far off usually took W as the decode time alone, or forgot that new requests keep arriving during each stay." }],
    };

    internal static PartCase Window(double[] arrivals, double[] departures, double from, double to)
    {
        var trace = arrivals.Select((a, i) => new RequestTrace($"r{i}", a, 0, 0, 0, 1, (departures[i] - a) * 1000)).ToList();
        return PartCase.Of(Tracing.MeanConcurrency(trace, from, to), arrivals, departures, from, to);
    }
}
