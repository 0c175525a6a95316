using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 4: KV-cache concurrency.</summary>
public static class Exercise04
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 4,
        Notebook = "04-kv-concurrency.ipynb",
        Title = "KV-cache concurrency",
        AnswerVariable = "maxRequests",
        Kind = AnswerKind.Integer,
        FunctionName = "MaxRequests",
        Expected = KvCache.MaxConcurrentRequests(32, 0.8),
        HiddenCases =
        [
            HiddenCase.Of(KvCache.MaxConcurrentRequests(0.3, 0.1), 0.3, 0.1),
            HiddenCase.Of(KvCache.MaxConcurrentRequests(60, 0.7), 60d, 0.7),
            HiddenCase.Of(KvCache.MaxConcurrentRequests(1.2, 0.05), 1.2, 0.05),
        ],
        Hint = "⌊available / per request⌋ — and 0.8 is not exactly 0.8 in binary: divide decimals (or round before flooring).",
    };
}
