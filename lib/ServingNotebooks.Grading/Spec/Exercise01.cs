using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 1: Little's law.</summary>
public static class Exercise01
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 1,
        Notebook = "01-littles-law.ipynb",
        Title = "Little's law",
        AnswerVariable = "L",
        Kind = AnswerKind.Number,
        FunctionName = "Concurrency",
        Expected = Queueing.LittlesLaw(12, 2.0),
        HiddenCases =
        [
            HiddenCase.Of(Queueing.LittlesLaw(5, 3), 5d, 3d),
            HiddenCase.Of(Queueing.LittlesLaw(0.5, 10), 0.5, 10d),
            HiddenCase.Of(Queueing.LittlesLaw(250, 0.04), 250d, 0.04),
        ],
        Hint = "Little's law: L = λ × W (arrivals per second × seconds in the system).",
    };
}
