using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 7: Autoscaling.</summary>
public static class Exercise07
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 7,
        Notebook = "07-autoscaling.ipynb",
        Title = "Autoscaling",
        AnswerVariable = "replicas",
        Kind = AnswerKind.Integer,
        FunctionName = "Replicas",
        Expected = Autoscaling.Replicas(120, 30, 0.75),
        HiddenCases =
        [
            HiddenCase.Of(Autoscaling.Replicas(90, 30, 0.75), 90d, 30d, 0.75),
            HiddenCase.Of(Autoscaling.Replicas(9, 3, 0.6), 9d, 3d, 0.6),
            HiddenCase.Of(Autoscaling.Replicas(1000, 7, 0.8), 1000d, 7d, 0.8),
        ],
        Hint = "replicas = ⌈λ / (μ × target)⌉ — an exact whole number must not be rounded up to the next one.",
    };
}
