namespace ServingMath.Simulation;

/// <summary>
/// Block hashes for prefix caching — the counterpart of <c>hash_block_tokens</c> in vLLM's
/// <c>vllm/v1/core/kv_cache_utils.py</c> (v0.11). vLLM hashes each full block of 16 tokens together with the hash of
/// the block before it, so a block's hash stands for its whole prefix: two requests share block b exactly when their
/// first (b + 1) × 16 tokens are equal. The simulator has no token ids; a request names its shared tokens instead
/// (<see cref="ArrivalRequest.PrefixId"/>, <see cref="ArrivalRequest.PrefixTokens"/>), and block b hashes to
/// (prefix stream, b) when the block lies wholly inside the shared prefix, else to (request, b) — the same equalities
/// the chained hash gives.
/// </summary>
internal static class KvCacheUtils
{
    private const int BlockBits = 26; // up to 2^26 blocks per sequence (a billion tokens at 16 per block)

    /// <summary>
    /// The hash of block <paramref name="b"/> of request <paramref name="j"/>: (stream, b) ≥ 0 when tokens
    /// [b·B, (b + 1)·B) all lie in the request's shared prefix, else (request, b) &lt; 0.
    /// </summary>
    internal static long BlockHash(RequestTable requests, int j, int b, int blockTokens)
    {
        var stream = requests.PrefixStream[j];
        return stream >= 0 && (long)(b + 1) * blockTokens <= requests.PrefixTokens[j]
            ? ((long)stream << BlockBits) | (long)b
            : ~(((long)j << BlockBits) | (long)b);
    }
}
