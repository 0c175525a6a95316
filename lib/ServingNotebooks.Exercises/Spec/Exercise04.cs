using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 4: KV-cache concurrency.</summary>
public static class Exercise04
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 4,
        Notebook = "04-kv-concurrency.ipynb",
        Title = "KV-cache concurrency",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "KV-cache concurrency",
                AnswerVariable = "maxRequests",
                Kind = AnswerKind.Integer,
                FunctionName = "MaxRequests",
                Expected = KvCache.MaxConcurrentRequests(32, 0.8),
                Nudge = "Whole requests: round the quotient of the two memories down.",
                Hint = "⌊available / per request⌋ — and 0.8 is not exactly 0.8 in binary: divide decimals (or round before flooring).",
                OffLimits = ["KvCache.MaxConcurrentRequests"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "Bytes per token from a model's config",
                AnswerVariable = "bytes70BFp8",
                Kind = AnswerKind.Integer,
                FunctionName = "KvBytesPerToken",
                Expected = KvCache.BytesPerToken(80, 8, 128, 1),
                Nudge = "One key and one value, in every layer, for every KV head, each headDim numbers of b bytes. Is the product computed in int?",
                Hint = "bytes per token = 2 × L × H_kv × d × b, as a long: 2 × 8192 × 128 × 256 × 4 = 2³¹ overflows an int.",
                OffLimits = ["KvCache.BytesPerToken"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Paged concurrency, block by block",
                AnswerVariable = "pagedRequests",
                Kind = AnswerKind.Integer,
                FunctionName = "PagedConcurrency",
                Expected = Paged(KvCache.AvailableGb(80, KvCache.Llama3_8B.WeightGb, memoryFraction: 1.0), KvCache.Llama3_8B.KvBytesPerToken, 2050, 16).Expected,
                Nudge = "A request of 2 050 tokens needs more than 128 blocks of 16. Are the GB taken as the decimal number written?",
                Hint = "T = ⌊M·10⁹ / B⌋ token slots (take the GB as the decimal written), blocks = ⌊T / k⌋, N = ⌊blocks / ⌈n / k⌉⌋.",
                OffLimits = ["KvCache.ConcurrencyPaged", "KvCache.ConcurrencyReservingMaxLength", "KvCache.MaxTokens", "KvCache.Blocks"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedPagingGain", "paged ÷ reserve-8 192 requests for 512-token requests, Llama-3-8B on an H100")],
    };

    /// <summary>A hidden case of (c): the library's paged concurrency for a model shape with exactly that many bytes per token.</summary>
    internal static PartCase Paged(double availableGb, long bytesPerToken, int tokensPerRequest, int blockTokens)
    {
        // A one-layer, one-head shape whose head dimension makes 2 × d × 1 byte = bytesPerToken.
        var shape = new ModelShape("hidden", 1, 1, checked((int)(bytesPerToken / 2)), 1, 0);
        return PartCase.Of(KvCache.ConcurrencyPaged(availableGb, shape, tokensPerRequest, blockTokens), availableGb, bytesPerToken, tokensPerRequest, blockTokens);
    }
}
