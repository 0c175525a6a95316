using ServingMath.Simulation;

namespace ServingMath;

/// <summary>
/// Automatic prefix caching as vLLM V1 does it: the KV cache is cut into blocks of 16 tokens; a block is named (hashed,
/// together with the name of the block before it) only once it is <b>full</b>, so a block stands for its whole prefix; a
/// new request reuses the longest run of named blocks its prompt starts with and prefills only the rest — but never its
/// last prompt token, which must run through the model to give the logits of the first output token.
/// </summary>
/// <remarks>
/// Sources (vLLM, read at commit 003df29 of <c>main</c>; the same rules in v0.11): <c>vllm/v1/core/kv_cache_utils.py</c>,
/// <c>request_block_hasher</c> ("We only hash full blocks"); <c>vllm/v1/core/kv_cache_manager.py</c>,
/// <c>get_computed_blocks</c> (<c>max_cache_hit_length = request.num_tokens - 1</c>); <c>vllm/config/cache.py</c>, the
/// default block size of 16 tokens on CUDA. Token counts are whole tokens; times are milliseconds.
/// </remarks>
public static class PrefixCaching
{
    /// <summary>vLLM's default KV block size on CUDA GPUs, tokens (<c>vllm/config/cache.py</c>).</summary>
    public const int VllmBlockTokens = 16;

    /// <summary>
    /// The prompt tokens a request finds in the prefix cache: whole blocks only, and never its last prompt token.
    /// H = s·⌊min(Z, X − 1) / s⌋.
    /// </summary>
    /// <param name="sharedTokens">Leading tokens of the prompt whose KV the cache holds, computed and identical (Z). Range: Z ≥ 0.</param>
    /// <param name="promptTokens">The prompt's length (X), tokens. Range: X ≥ 1.</param>
    /// <param name="blockTokens">Tokens per KV block (s). Range: s ≥ 1; vLLM's default is 16.</param>
    /// <returns>Tokens served from the cache, a multiple of s, at most X − 1.</returns>
    /// <example><c>PrefixCaching.CachedTokens(1_000, 1_200)</c> is 992: 62 full blocks of the 1 000-token system prompt; the last 8 tokens share a block with the question.</example>
    public static int CachedTokens(int sharedTokens, int promptTokens, int blockTokens = VllmBlockTokens)
    {
        LibraryCalls.Record(typeof(PrefixCaching));
        Guard.NonNegative(sharedTokens, nameof(sharedTokens), "leading prompt tokens the cache holds");
        Guard.Positive(promptTokens, nameof(promptTokens), "tokens in the prompt");
        Guard.Positive(blockTokens, nameof(blockTokens), "tokens per KV block");
        return Math.Min(sharedTokens, promptTokens - 1) / blockTokens * blockTokens;
    }

    /// <summary>
    /// A conversation turn by turn on a replica that keeps everything cached. Turn k's prompt is the system prompt, every
    /// earlier question and answer, and question k: Xₖ = X₀ + Σ_{i&lt;k}(uᵢ + Aᵢ) + uₖ. Turn 1 finds the system prompt cached (other
    /// conversations sent it before): H₁ = s·⌊min(X₀, X₁ − 1)/s⌋. Turn k &gt; 1 finds what turn k − 1 computed: its
    /// prompt and its answer except the answer's last token, which is sampled and never fed back through the model:
    /// Hₖ = s·⌊min(Xₖ₋₁ + Aₖ₋₁ − 1, Xₖ − 1)/s⌋. Prefill computes Xₖ − Hₖ.
    /// </summary>
    /// <param name="systemPromptTokens">The system prompt every conversation starts with (X₀), tokens. Range: X₀ ≥ 0.</param>
    /// <param name="userTokens">Each turn's question (uₖ), tokens; as many as turns. Range: each ≥ 1 (a chat template adds a few tokens to any message).</param>
    /// <param name="answerTokens">Each turn's answer (Aₖ), tokens; as many as questions. Range: each ≥ 1.</param>
    /// <param name="blockTokens">Tokens per KV block (s). Range: s ≥ 1; vLLM's default is 16.</param>
    /// <returns>One row per turn: its prompt, the tokens found in the cache, the tokens prefilled.</returns>
    /// <example><c>PrefixCaching.Conversation(1_000, [200, 50], [300, 120])</c>: turn 1's prompt is 1 200 tokens, 992 cached;
    /// turn 2's is 1 550, of which 1 488 cached (⌊1 499/16⌋ = 93 blocks).</example>
    public static IReadOnlyList<ConversationTurn> Conversation(
        int systemPromptTokens, IReadOnlyList<int> userTokens, IReadOnlyList<int> answerTokens, int blockTokens = VllmBlockTokens)
    {
        LibraryCalls.Record(typeof(PrefixCaching));
        CheckConversation(systemPromptTokens, userTokens, answerTokens, blockTokens);
        var turns = new List<ConversationTurn>(userTokens.Count);
        long shared = systemPromptTokens;   // computed tokens the cache holds when this turn arrives
        long history = systemPromptTokens;  // tokens before this turn's question
        for (var k = 0; k < userTokens.Count; k++)
        {
            var prompt = checked((int)(history + userTokens[k]));
            var cached = (int)(Math.Min(shared, prompt - 1) / blockTokens * blockTokens);
            turns.Add(new ConversationTurn(k + 1, prompt, cached, prompt - cached));
            shared = (long)prompt + answerTokens[k] - 1; // the answer's last token is never fed back
            history = (long)prompt + answerTokens[k];
        }

        return turns;
    }

    /// <summary>
    /// The prefill tokens a conversation does not compute thanks to the cache: Σₖ Hₖ over its turns
    /// (<see cref="Conversation"/>).
    /// </summary>
    /// <param name="systemPromptTokens">The system prompt (X₀), tokens. Range: X₀ ≥ 0.</param>
    /// <param name="userTokens">Each turn's question, tokens. Range: each ≥ 1.</param>
    /// <param name="answerTokens">Each turn's answer, tokens; as many as questions. Range: each ≥ 1.</param>
    /// <param name="blockTokens">Tokens per KV block (s). Range: s ≥ 1; vLLM's default is 16.</param>
    /// <returns>Tokens served from the cache over the whole conversation.</returns>
    public static long TokensSaved(int systemPromptTokens, IReadOnlyList<int> userTokens, IReadOnlyList<int> answerTokens, int blockTokens = VllmBlockTokens)
    {
        LibraryCalls.Record(typeof(PrefixCaching));
        var turns = Conversation(systemPromptTokens, userTokens, answerTokens, blockTokens);
        long saved = 0;
        foreach (var turn in turns)
        {
            saved += turn.CachedTokens;
        }

        return saved;
    }

    /// <summary>
    /// The prefill time a conversation does not spend thanks to the cache, on a measured prefill curve:
    /// Σₖ [t_pre(Xₖ) − t_pre(Xₖ − Hₖ)], t_pre the prefill time of a prompt of that many tokens, interpolated linearly between
    /// measured lengths, flat below the shortest, extended along the last segment above the longest
    /// (<see cref="MeasuredPrefillTime"/>). Prefilling n new tokens after c cached ones is priced as a prompt of n: the
    /// weights' matrix products see only the new tokens; the attention of the new tokens over the cached ones, which this
    /// ignores, is about 4·L·d·c FLOPs per new token against 2N for the weights (for Llama-3-8B at c = 4 000, 13 %).
    /// </summary>
    /// <param name="systemPromptTokens">The system prompt (X₀), tokens. Range: X₀ ≥ 0.</param>
    /// <param name="userTokens">Each turn's question, tokens. Range: each ≥ 1.</param>
    /// <param name="answerTokens">Each turn's answer, tokens; as many as questions. Range: each ≥ 1.</param>
    /// <param name="curvePromptTokens">The measured prompt lengths, tokens, increasing. Range: at least one, each ≥ 1, each once.</param>
    /// <param name="curvePrefillMs">The measured prefill time of each length, ms. Range: each &gt; 0.</param>
    /// <returns>Prefill milliseconds saved over the conversation (its turns' TTFT saved, summed), ms.</returns>
    public static double PrefillMsSaved(
        int systemPromptTokens, IReadOnlyList<int> userTokens, IReadOnlyList<int> answerTokens,
        IReadOnlyList<int> curvePromptTokens, IReadOnlyList<double> curvePrefillMs)
    {
        LibraryCalls.Record(typeof(PrefixCaching));
        Guard.NotNull(curvePromptTokens, nameof(curvePromptTokens));
        Guard.NotNull(curvePrefillMs, nameof(curvePrefillMs));
        if (curvePromptTokens.Count != curvePrefillMs.Count)
        {
            throw new ArgumentException(
                $"curvePromptTokens and curvePrefillMs must pair up one time per prompt length; got {curvePromptTokens.Count} lengths and {curvePrefillMs.Count} times",
                nameof(curvePrefillMs));
        }

        var curve = new MeasuredPrefillTime(curvePromptTokens.Select((p, i) => new PrefillTiming(p, curvePrefillMs[i], 0, 0)));
        var saved = 0.0;
        foreach (var turn in Conversation(systemPromptTokens, userTokens, answerTokens))
        {
            saved += curve.PrefillMs(turn.PromptTokens) - curve.PrefillMs(turn.PrefillTokens);
        }

        return saved;
    }

    private static void CheckConversation(int systemPromptTokens, IReadOnlyList<int> userTokens, IReadOnlyList<int> answerTokens, int blockTokens)
    {
        Guard.NonNegative(systemPromptTokens, nameof(systemPromptTokens), "tokens in the system prompt");
        Guard.NotNull(userTokens, nameof(userTokens));
        Guard.NotNull(answerTokens, nameof(answerTokens));
        Guard.Positive(blockTokens, nameof(blockTokens), "tokens per KV block");
        if (userTokens.Count == 0)
        {
            throw new ArgumentException("userTokens must hold at least one question (one turn); got none", nameof(userTokens));
        }

        if (answerTokens.Count != userTokens.Count)
        {
            throw new ArgumentException(
                $"answerTokens must hold one answer per question: {userTokens.Count} questions but {answerTokens.Count} answers", nameof(answerTokens));
        }

        for (var k = 0; k < userTokens.Count; k++)
        {
            if (userTokens[k] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(userTokens), userTokens[k], $"userTokens[{k}] (turn {k + 1}'s question) must be at least 1 token; got {userTokens[k]}");
            }

            if (answerTokens[k] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(answerTokens), answerTokens[k], $"answerTokens[{k}] (turn {k + 1}'s answer) must be at least 1 token; got {answerTokens[k]}");
            }
        }
    }
}
