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
        Hint = "Utilization ρ = λ / μ: arrival rate over service rate.",
    };
}
