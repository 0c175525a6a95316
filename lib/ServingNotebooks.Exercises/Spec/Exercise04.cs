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
                VisibleCases =
                [
                    PartCase.Of(KvCache.MaxConcurrentRequests(32.8, 0.8), 32.8, 0.8),
                    PartCase.Of(KvCache.MaxConcurrentRequests(10, 3), 10d, 3d),
                ],
                Nudge = "Whole requests: round the quotient of the two memories down.",
                Hint = "⌊available / per request⌋ — and 0.8 is not exactly 0.8 in binary: divide decimals (or round before flooring).",
                OffLimits = ["KvCache.MaxConcurrentRequests"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The longest context a concurrency target allows",
                AnswerVariable = "maxContext",
                Kind = AnswerKind.Integer,
                FunctionName = "MaxContextTokens",
                Expected = Context(40, 80, 8, 128, 1, 32).Expected,
                VisibleCases =
                [
                    Context(63.9, 32, 8, 128, 2, 24),
                    Context(10, 126, 8, 128, 2, 16),
                ],
                Nudge = "How many bytes does one token of context take in this model, how many tokens does the budget hold, and how do they share out among the requests? Is every product computed in long?",
                Hint = "bytes per token k = 2 × layers × KV heads × head dim × bytes per number; tokens = ⌊GB × 10⁹ / k⌋ (GB as written); context = ⌊tokens / requests⌋ — and requests × k passes 2³¹ for big models and fleets: keep byte totals in long.",
                OffLimits = ["KvCache.MaxTokens", "KvCache.BytesPerToken", "KvCache.MaxConcurrentRequests", "KvCache.GbPerRequest"],
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
                VisibleCases =
                [
                    Paged(2, 131_072, 100, 16),
                    Paged(1.5, 65_536, 33, 16),
                ],
                Nudge = "A request of 2 050 tokens needs more than 128 blocks of 16. Are the GB taken as the decimal number written?",
                Hint = "slots = ⌊G·10⁹ / k⌋ (G the GB as the decimal written, k bytes per token), blocks = ⌊slots / s⌋, N = ⌊blocks / ⌈T / s⌉⌋ (T the tokens each request holds).",
                OffLimits = ["KvCache.ConcurrencyPaged", "KvCache.ConcurrencyReservingMaxLength", "KvCache.MaxTokens", "KvCache.Blocks"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "fp8 KV cache",
                "You switch the KV cache from bf16 to fp8; weights and GPU stay the same. Roughly how many 2 048-token requests fit now?",
                "a",
                "Each cached number takes 1 byte instead of 2, so each token's keys and values take half the memory, and about twice as many requests fit in the same KV budget (a little less or more after rounding to whole blocks).",
                new("About twice as many."),
                new("The same number: the weights still take the same memory.", "The weights are unchanged, but the space left for the KV cache now holds twice as many tokens."),
                new("Half as many.", "fp8 is smaller than bf16, not larger: 1 byte per number instead of 2.")),
            Specs.Choice(
                "q2",
                "Why paging fits more requests",
                "Why does vLLM's paged KV cache fit more concurrent requests than reserving each request's maximum length up front?",
                "b",
                "PagedAttention hands out fixed-size blocks (16 tokens by default) as a request's tokens arrive, so a request holds only what it uses: at most one partly filled block is wasted, instead of the whole unused tail of a maximum-length reservation.",
                new("It compresses the keys and values.", "Paging changes how the cache is allocated, not how it is stored: the bytes per token stay the same."),
                new("It allocates small blocks as tokens arrive, so a request holds only what it uses."),
                new("It keeps the cache in CPU memory.", "The cache paged by vLLM lives in GPU memory; offloading is a separate feature.")),
        ],
        Predictions = [new("predictedPagingGain", "paged ÷ reserve-8 192 requests for 512-token requests, Llama-3-8B on an H100") { Unit = "×", Reason = "Reserving 8 192 tokens strands the slots a 512-token request never uses; paging hands out blocks of 16 as tokens arrive, so the gain is close to 8 192 / 512, less the rounding to whole blocks." }],
    };

    /// <summary>A case of (b): the library's tokens of context per request when <paramref name="requests"/> share the budget.</summary>
    internal static PartCase Context(double availableGb, int layers, int kvHeads, int headDim, int bytesPerElement, int requests) =>
        PartCase.Of(KvCache.MaxTokens(availableGb, KvCache.BytesPerToken(layers, kvHeads, headDim, bytesPerElement)) / requests, availableGb, layers, kvHeads, headDim, bytesPerElement, requests);

    /// <summary>A hidden case of (c): the library's paged concurrency for a model shape with exactly that many bytes per token.</summary>
    internal static PartCase Paged(double availableGb, long bytesPerToken, int tokensPerRequest, int blockTokens)
    {
        // A one-layer, one-head shape whose head dimension makes 2 × d × 1 byte = bytesPerToken.
        var shape = new ModelShape("hidden", 1, 1, checked((int)(bytesPerToken / 2)), 1, 0);
        return PartCase.Of(KvCache.ConcurrencyPaged(availableGb, shape, tokensPerRequest, blockTokens), availableGb, bytesPerToken, tokensPerRequest, blockTokens);
    }
}
