using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 6: Batch choice.</summary>
public static class Exercise06
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 6,
        Notebook = "06-batch-choice.ipynb",
        Title = "Batch choice",
        AnswerVariable = "best",
        Kind = AnswerKind.NullableIndex,
        FunctionName = "BestBatch",
        Expected = Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 500),
        HiddenCases =
        [
            HiddenCase.Of(Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 150), new double[] { 100, 180, 240 }, new double[] { 200, 450, 900 }, 150d),
            HiddenCase.Of(Batching.BestBatchIndex([137.8, 1065.9, 3914.2, 7077.3, 11550.9], [7.26, 7.51, 8.18, 9.04, 11.08], 10), new double[] { 137.8, 1065.9, 3914.2, 7077.3, 11550.9 }, new double[] { 7.26, 7.51, 8.18, 9.04, 11.08 }, 10d),
            HiddenCase.Of(Batching.BestBatchIndex([50, 300, 200], [100, 400, 300], 1000), new double[] { 50, 300, 200 }, new double[] { 100, 400, 300 }, 1000d),
        ],
        Hint = "Among the options whose latency is within the limit, pick the highest throughput; return null when none is.",
    };
}
