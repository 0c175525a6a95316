using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 10: Trace checklist.</summary>
public static class Exercise10
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 10,
        Notebook = "10-trace-checklist.ipynb",
        Title = "Trace checklist",
        AnswerVariable = "fields",
        Kind = AnswerKind.NameList,
        Expected = Tracing.RequiredFields.ToArray(),
        Hint = "A trace must let you rebuild each request's latency budget: queue, prefill/TTFT, TPOT, tokens, status and fallback.",
    };
}
