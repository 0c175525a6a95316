namespace ServingMath;

/// <summary>
/// Latency budgets of one LLM request: queueing, prefill (time to first token), decode (time per
/// output token) and post-processing. All times in milliseconds.
/// </summary>
/// <remarks>
/// Two conventions for the decode part exist, and this class names both so nobody confuses them:
/// <list type="bullet">
/// <item><see cref="EndToEnd"/> (the original exercise's convention): every output token costs one TPOT,
/// decode = n · TPOT.</item>
/// <item><see cref="EndToEndTpotAfterFirstToken"/> (vLLM's and OpenTelemetry's convention): the first
/// token comes out of prefill, and TPOT is measured over the tokens after it, decode = (n − 1) · TPOT.</item>
/// </list>
/// The two differ by exactly one TPOT.
/// </remarks>
public static class Latency
{
    /// <summary>
    /// End-to-end latency with every output token charged one TPOT (the original exercise's convention):
    /// total = queue + prefill + n · TPOT + post.
    /// </summary>
    /// <param name="queueMs">Time waiting in the queue, ms. Range: ≥ 0.</param>
    /// <param name="prefillMs">Prefill time (processing the prompt up to the first token), ms. Range: ≥ 0.</param>
    /// <param name="outputTokens">Number of generated tokens (n). Range: n ≥ 0.</param>
    /// <param name="tpotMs">Time per output token (TPOT), ms. Range: ≥ 0.</param>
    /// <param name="postMs">Post-processing (detokenize, safety filter, network), ms. Range: ≥ 0.</param>
    /// <returns>The end-to-end latency, ms.</returns>
    /// <example><c>Latency.EndToEnd(20, 100, 40, 15, 5)</c> is 20 + 100 + 40 × 15 + 5 = 725 ms.</example>
    public static double EndToEnd(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs)
    {
        LibraryCalls.Record(typeof(Latency));
        return Budget(queueMs, prefillMs, outputTokens, tpotMs, postMs).TotalMs;
    }

    /// <summary>
    /// End-to-end latency with TPOT counted over the tokens after the first (vLLM and OpenTelemetry):
    /// total = queue + prefill + (n − 1) · TPOT + post.
    /// </summary>
    /// <param name="queueMs">Time waiting in the queue, ms. Range: ≥ 0.</param>
    /// <param name="prefillMs">Prefill time, which also produces the first token, ms. Range: ≥ 0.</param>
    /// <param name="outputTokens">Number of generated tokens (n). Range: n ≥ 1.</param>
    /// <param name="tpotMs">Time per output token after the first (TPOT), ms. Range: ≥ 0.</param>
    /// <param name="postMs">Post-processing, ms. Range: ≥ 0.</param>
    /// <returns>The end-to-end latency, ms.</returns>
    public static double EndToEndTpotAfterFirstToken(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs)
    {
        LibraryCalls.Record(typeof(Latency));
        if (outputTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens,
                $"outputTokens must be at least 1 in this convention (the first token comes from prefill); got {outputTokens}.");
        }

        return BudgetTpotAfterFirstToken(queueMs, prefillMs, outputTokens, tpotMs, postMs).TotalMs;
    }

    /// <summary>
    /// Time to first token as the client sees it: TTFT = queue + prefill, ms (vLLM's
    /// <c>time_to_first_token</c> counts from arrival, so queueing is included).
    /// </summary>
    /// <param name="queueMs">Time waiting in the queue, ms. Range: ≥ 0.</param>
    /// <param name="prefillMs">Prefill time, ms. Range: ≥ 0.</param>
    public static double TimeToFirstToken(double queueMs, double prefillMs)
    {
        LibraryCalls.Record(typeof(Latency));
        Guard.NonNegative(queueMs, nameof(queueMs), "milliseconds in the queue");
        Guard.NonNegative(prefillMs, nameof(prefillMs), "milliseconds of prefill");
        return queueMs + prefillMs;
    }

    /// <summary>
    /// TPOT measured from a finished request, over the tokens after the first:
    /// TPOT = (end-to-end − TTFT) / (n − 1), ms per token.
    /// </summary>
    /// <param name="endToEndMs">End-to-end latency, ms. Range: ≥ TTFT.</param>
    /// <param name="timeToFirstTokenMs">Time to first token, ms. Range: ≥ 0.</param>
    /// <param name="outputTokens">Number of generated tokens (n). Range: n ≥ 2.</param>
    public static double TimePerOutputToken(double endToEndMs, double timeToFirstTokenMs, int outputTokens)
    {
        LibraryCalls.Record(typeof(Latency));
        Guard.NonNegative(timeToFirstTokenMs, nameof(timeToFirstTokenMs), "milliseconds to the first token");
        Guard.NonNegative(endToEndMs, nameof(endToEndMs), "end-to-end milliseconds");
        if (endToEndMs < timeToFirstTokenMs)
        {
            throw new ArgumentOutOfRangeException(nameof(endToEndMs), endToEndMs,
                $"endToEndMs ({Guard.Show(endToEndMs)}) cannot be shorter than timeToFirstTokenMs ({Guard.Show(timeToFirstTokenMs)}).");
        }

        if (outputTokens < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens,
                $"outputTokens must be at least 2 to measure a time per output token after the first; got {outputTokens}.");
        }

        return (endToEndMs - timeToFirstTokenMs) / (outputTokens - 1);
    }

    /// <summary>
    /// The parts of the end-to-end latency, with every output token charged one TPOT (as <see cref="EndToEnd"/>);
    /// made for a stacked bar of the budget.
    /// </summary>
    /// <param name="queueMs">Time waiting in the queue, ms. Range: ≥ 0.</param>
    /// <param name="prefillMs">Prefill time, ms. Range: ≥ 0.</param>
    /// <param name="outputTokens">Number of generated tokens (n). Range: n ≥ 0.</param>
    /// <param name="tpotMs">Time per output token, ms. Range: ≥ 0.</param>
    /// <param name="postMs">Post-processing, ms. Range: ≥ 0.</param>
    public static LatencyBudget Budget(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs)
    {
        LibraryCalls.Record(typeof(Latency));
        Validate(queueMs, prefillMs, outputTokens, tpotMs, postMs);
        return new LatencyBudget(queueMs, prefillMs, outputTokens * tpotMs, postMs);
    }

    /// <summary>
    /// The parts of the end-to-end latency with TPOT over the tokens after the first (as
    /// <see cref="EndToEndTpotAfterFirstToken"/>): decode = (n − 1) · TPOT.
    /// </summary>
    /// <param name="queueMs">Time waiting in the queue, ms. Range: ≥ 0.</param>
    /// <param name="prefillMs">Prefill time, ms. Range: ≥ 0.</param>
    /// <param name="outputTokens">Number of generated tokens (n). Range: n ≥ 1.</param>
    /// <param name="tpotMs">Time per output token after the first, ms. Range: ≥ 0.</param>
    /// <param name="postMs">Post-processing, ms. Range: ≥ 0.</param>
    public static LatencyBudget BudgetTpotAfterFirstToken(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs)
    {
        LibraryCalls.Record(typeof(Latency));
        Validate(queueMs, prefillMs, outputTokens, tpotMs, postMs);
        if (outputTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens,
                $"outputTokens must be at least 1 in this convention (the first token comes from prefill); got {outputTokens}.");
        }

        return new LatencyBudget(queueMs, prefillMs, (outputTokens - 1) * tpotMs, postMs);
    }

    /// <summary>
    /// The most output tokens that fit a latency budget when every output token costs one TPOT (the seed's convention):
    /// n = ⌊(budget − queue − prefill − post) / TPOT⌋, and 0 when the fixed parts alone use up the budget. The
    /// subtraction and the division are done on the inputs as the decimals they were written as, so
    /// (100 − 79) / 0.07 gives 300 tokens, not 299.
    /// </summary>
    /// <param name="budgetMs">The end-to-end latency budget, ms. Range: 0 &lt; budget ≤ 10¹².</param>
    /// <param name="queueMs">Waiting for a batch slot, ms. Range: 0 ≤ queue ≤ 10¹².</param>
    /// <param name="prefillMs">Prefill time, ms. Range: 0 ≤ prefill ≤ 10¹².</param>
    /// <param name="tpotMs">Time per output token, ms/token. Range: 0 &lt; TPOT ≤ 10¹².</param>
    /// <param name="postMs">Post-processing, ms. Range: 0 ≤ post ≤ 10¹².</param>
    /// <returns>The number of output tokens, at least 0.</returns>
    /// <example><c>Latency.MaxOutputTokens(500, 20, 57, 10.3, 5)</c> is ⌊418 / 10.3⌋ = 40 tokens.</example>
    public static int MaxOutputTokens(double budgetMs, double queueMs, double prefillMs, double tpotMs, double postMs)
    {
        LibraryCalls.Record(typeof(Latency));
        Guard.Positive(budgetMs, nameof(budgetMs), "latency budget in ms");
        Validate(queueMs, prefillMs, 0, tpotMs, postMs);
        Guard.Positive(tpotMs, nameof(tpotMs), "milliseconds per output token");
        foreach (var (value, name) in new[] { (budgetMs, nameof(budgetMs)), (queueMs, nameof(queueMs)), (prefillMs, nameof(prefillMs)), (tpotMs, nameof(tpotMs)), (postMs, nameof(postMs)) })
        {
            if (value > 1e12)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be at most 10¹² ms; got {Guard.Show(value)}.");
            }
        }

        // Exact: every input as written (shortest round-trip decimal), remaining = budget − queue − prefill − post as one fraction.
        var (remainingNumerator, remainingDenominator) = ExactRatio.Fraction(budgetMs);
        foreach (var spent in new[] { queueMs, prefillMs, postMs })
        {
            var (n, d) = ExactRatio.Fraction(spent);
            remainingNumerator = (remainingNumerator * d) - (n * remainingDenominator);
            remainingDenominator *= d;
        }

        if (remainingNumerator.Sign <= 0)
        {
            return 0;
        }

        var (tpotNumerator, tpotDenominator) = ExactRatio.Fraction(tpotMs);
        var tokens = System.Numerics.BigInteger.Divide(remainingNumerator * tpotDenominator, remainingDenominator * tpotNumerator);
        return tokens > int.MaxValue ? int.MaxValue : (int)tokens;
    }

    private static void Validate(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs)
    {
        Guard.NonNegative(queueMs, nameof(queueMs), "milliseconds in the queue");
        Guard.NonNegative(prefillMs, nameof(prefillMs), "milliseconds of prefill");
        Guard.NonNegative(outputTokens, nameof(outputTokens), "number of generated tokens");
        Guard.NonNegative(tpotMs, nameof(tpotMs), "milliseconds per output token");
        Guard.NonNegative(postMs, nameof(postMs), "milliseconds of post-processing");
    }
}

/// <summary>Where the milliseconds of one request go.</summary>
/// <param name="QueueMs">Waiting for a slot, ms.</param>
/// <param name="PrefillMs">Processing the prompt, ms.</param>
/// <param name="DecodeMs">Generating the output tokens, ms.</param>
/// <param name="PostMs">Post-processing, ms.</param>
public sealed record LatencyBudget(double QueueMs, double PrefillMs, double DecodeMs, double PostMs)
{
    /// <summary>The end-to-end latency, the sum of the parts, ms.</summary>
    public double TotalMs => QueueMs + PrefillMs + DecodeMs + PostMs;

    /// <summary>Time to first token as the client sees it (queue + prefill), ms.</summary>
    public double TimeToFirstTokenMs => QueueMs + PrefillMs;
}
