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
                Nudge = "L is a count of requests. Which combination of req/s and s gives a count?",
                Hint = "Little's law: L = λ × W (arrivals per second × seconds in the system).",
                OffLimits = ["Queueing.LittlesLaw", "Queueing.Mmc"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "The traffic a slot limit can carry",
                AnswerVariable = "maxRate",
                Kind = AnswerKind.Number,
                FunctionName = "MaxArrivalRate",
                Expected = Queueing.MaxArrivalRate(256, 2.0),
                Nudge = "Start from L = λ × W and ask which of the three is unknown here.",
                Hint = "λ = L / W: the slots divided by the seconds each request holds one.",
                OffLimits = ["Queueing.MaxArrivalRate"],
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
                Nudge = "A request that arrived before the window or leaves after it counts only for the part of its stay inside.",
                Hint = "L over [t₀, t₁] = Σ max(0, min(dᵢ, t₁) − max(aᵢ, t₀)) / (t₁ − t₀): count only the part of each stay inside the window.",
                OffLimits = ["Tracing.MeanConcurrency", "Tracing.Summarize"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedL", "mean requests in the system on the simulated H100 trace at 12 req/s")],
    };

    internal static PartCase Window(double[] arrivals, double[] departures, double from, double to)
    {
        var trace = arrivals.Select((a, i) => new RequestTrace($"r{i}", a, 0, 0, 0, 1, (departures[i] - a) * 1000)).ToList();
        return PartCase.Of(Tracing.MeanConcurrency(trace, from, to), arrivals, departures, from, to);
    }
}
