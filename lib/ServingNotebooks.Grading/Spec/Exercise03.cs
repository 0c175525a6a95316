using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 3: Latency budget.</summary>
public static class Exercise03
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 3,
        Notebook = "03-latency-budget.ipynb",
        Title = "Latency budget",
        AnswerVariable = "total",
        Kind = AnswerKind.Number,
        FunctionName = "EndToEndMs",
        Expected = Latency.EndToEnd(20, 100, 40, 15, 5),
        HiddenCases =
        [
            HiddenCase.Of(Latency.EndToEnd(0, 57, 200, 8.2, 3), 0d, 57d, 200, 8.2, 3d),
            HiddenCase.Of(Latency.EndToEnd(150, 29, 1, 10, 0), 150d, 29d, 1, 10d, 0d),
            HiddenCase.Of(Latency.EndToEnd(5, 250, 0, 12, 20), 5d, 250d, 0, 12d, 20d),
        ],
        Hint = "total = queue + prefill + outputTokens × TPOT + post (every output token costs one TPOT here).",
    };
}
