using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 9: Degradation.</summary>
public static class Exercise09
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 9,
        Notebook = "09-degradation.ipynb",
        Title = "Degradation",
        AnswerVariable = "best",
        Kind = AnswerKind.NullableIndex,
        FunctionName = "BestAction",
        Expected = Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 1300),
        HiddenCases =
        [
            HiddenCase.Of(Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 500), new double[] { 2000, 1200, 900 }, new double[] { 1.0, 0.95, 0.90 }, 500d),
            HiddenCase.Of(Degradation.BestAction([400, 800, 1500], [0.7, 0.9, 1.0], 2000), new double[] { 400, 800, 1500 }, new double[] { 0.7, 0.9, 1.0 }, 2000d),
            HiddenCase.Of(Degradation.BestAction([300, 250, 900], [0.8, 0.85, 0.99], 600), new double[] { 300, 250, 900 }, new double[] { 0.8, 0.85, 0.99 }, 600d),
        ],
        Hint = "Among the actions within the latency SLO, pick the highest quality; return null when none fits.",
    };
}
