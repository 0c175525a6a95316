namespace ServingMath;

/// <summary>
/// What a token costs when you rent the GPU by the hour. Prices in any currency (say dollars);
/// throughput in tokens per second.
/// </summary>
public static class Cost
{
    private const double SecondsPerHour = 3600;
    private const double Million = 1_000_000;

    /// <summary>
    /// Cost per million tokens: hourly cost / (tokens per second × 3600) × 10⁶.
    /// </summary>
    /// <param name="hourlyCost">The GPU's price per hour, $/h. Range: ≥ 0.</param>
    /// <param name="tokensPerSecond">Tokens the GPU produces per second, tokens/s. Range: &gt; 0.</param>
    /// <returns>Dollars per million tokens.</returns>
    /// <example><c>Cost.PerMillionTokens(3.0, 1000)</c> = 3 / 3 600 000 × 10⁶ ≈ $0.833.</example>
    public static double PerMillionTokens(double hourlyCost, double tokensPerSecond)
    {
        LibraryCalls.Record(typeof(Cost));
        Guard.NonNegative(hourlyCost, nameof(hourlyCost), "price per GPU hour");
        Guard.Positive(tokensPerSecond, nameof(tokensPerSecond), "tokens per second");
        return hourlyCost / (tokensPerSecond * SecondsPerHour) * Million;
    }

    /// <summary>
    /// Token utilization ρ = delivered tokens/s ÷ peak tokens/s: the share of the GPU's token throughput the traffic uses.
    /// </summary>
    /// <remarks>
    /// This is not the fraction of time the GPU is busy. A continuously batching server at low load is not idle part of
    /// the time: it runs a small batch all the time (notebook 7's simulated fleet is about 90 % busy from 5 to 16 replicas),
    /// and a small batch delivers far fewer tokens per second than a full one. What the bill is spread over is the
    /// delivered tokens, so cost per token follows ρ as defined here, and time-busy would understate it.
    /// </remarks>
    /// <param name="deliveredTokensPerSecond">Tokens the replica actually produces per second at its load, tok/s. Range: &gt; 0.</param>
    /// <param name="peakTokensPerSecond">Tokens per second at the batch the replica is sized for (its peak), tok/s. Range: ≥ delivered.</param>
    /// <returns>ρ, a fraction in (0, 1].</returns>
    /// <example><c>Cost.TokenUtilization(986.6, 4_856.6)</c> ≈ 0.203: on the measured H100, batch 8 at 2 048 tokens of context delivers a fifth of batch 64's tokens per second.</example>
    public static double TokenUtilization(double deliveredTokensPerSecond, double peakTokensPerSecond)
    {
        Guard.Positive(deliveredTokensPerSecond, nameof(deliveredTokensPerSecond), "tokens the replica delivers per second");
        Guard.Positive(peakTokensPerSecond, nameof(peakTokensPerSecond), "tokens per second at the replica's peak batch");
        if (deliveredTokensPerSecond > peakTokensPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(deliveredTokensPerSecond), deliveredTokensPerSecond,
                $"deliveredTokensPerSecond (tokens the replica delivers per second) cannot exceed peakTokensPerSecond ({peakTokensPerSecond}); got {deliveredTokensPerSecond}.");
        }

        return deliveredTokensPerSecond / peakTokensPerSecond;
    }

    /// <summary>
    /// Cost per million tokens of a replica that delivers a fraction ρ of its peak token throughput: you pay for every hour
    /// and the hour makes ρ × peak tokens/s × 3600 tokens, so cost = hourly cost / (ρ · peak tokens/s · 3600) × 10⁶ — the
    /// same as <see cref="PerMillionTokens"/> of the delivered tokens/s. At ρ = 25 % each token costs 4× the peak-rate price.
    /// </summary>
    /// <remarks>
    /// ρ is delivered ÷ peak <em>token</em> throughput (<see cref="TokenUtilization"/>), not the fraction of time the GPU is
    /// busy: a batching GPU at low load is busy nearly all the time with a small batch, and pricing it by time-busy
    /// understates the cost by peak ÷ delivered tokens/s.
    /// </remarks>
    /// <param name="hourlyCost">The GPU's price per hour, $/h. Range: ≥ 0.</param>
    /// <param name="peakTokensPerSecond">Tokens per second at the replica's peak batch, tok/s. Range: &gt; 0.</param>
    /// <param name="utilization">Token utilization ρ = delivered ÷ peak tokens/s. Range: 0 &lt; ρ ≤ 1.</param>
    /// <returns>Dollars per million delivered tokens.</returns>
    /// <example><c>Cost.PerMillionTokensAtUtilization(3.0, 4000, 0.25)</c> = 3 / (1 000 × 3 600) × 10⁶ ≈ $0.833, the price of 1 000 delivered tok/s.</example>
    public static double PerMillionTokensAtUtilization(double hourlyCost, double peakTokensPerSecond, double utilization)
    {
        LibraryCalls.Record(typeof(Cost));
        Guard.Positive(peakTokensPerSecond, nameof(peakTokensPerSecond), "tokens per second at the replica's peak batch");
        Guard.FractionUpToOne(utilization, nameof(utilization), "token utilization ρ, delivered ÷ peak tokens per second");
        return PerMillionTokens(hourlyCost, peakTokensPerSecond * utilization);
    }

    /// <summary>
    /// Separate prices for input (prompt) and output (generated) tokens on a self-hosted GPU. Prefill
    /// processes prompt tokens in parallel, far faster than decode makes output tokens, which is why
    /// API price sheets charge several times more per output token.
    /// </summary>
    /// <param name="hourlyCost">The GPU's price per hour, $/h. Range: ≥ 0.</param>
    /// <param name="prefillTokensPerSecond">Prompt tokens per second in prefill. Range: &gt; 0.</param>
    /// <param name="decodeTokensPerSecond">Output tokens per second in decode (at the serving batch size). Range: &gt; 0.</param>
    public static TokenPrices InputOutputPrices(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond)
    {
        LibraryCalls.Record(typeof(Cost));
        return new(PerMillionTokens(hourlyCost, prefillTokensPerSecond), PerMillionTokens(hourlyCost, decodeTokensPerSecond));
    }

    /// <summary>
    /// The cost of one request: input tokens × input price + output tokens × output price, per million.
    /// </summary>
    /// <param name="prices">Prices per million input and output tokens.</param>
    /// <param name="inputTokens">Prompt tokens. Range: ≥ 0.</param>
    /// <param name="outputTokens">Generated tokens. Range: ≥ 0.</param>
    /// <returns>Dollars for the request.</returns>
    public static double PerRequest(TokenPrices prices, long inputTokens, long outputTokens)
    {
        LibraryCalls.Record(typeof(Cost));
        Guard.NotNull(prices, nameof(prices), "token prices");
        Guard.NonNegative(prices.InputPerMillion, nameof(prices), "InputPerMillion, $ per million prompt tokens");
        Guard.NonNegative(prices.OutputPerMillion, nameof(prices), "OutputPerMillion, $ per million generated tokens");
        Guard.NonNegative(inputTokens, nameof(inputTokens), "prompt tokens");
        Guard.NonNegative(outputTokens, nameof(outputTokens), "generated tokens");
        return ((inputTokens * prices.InputPerMillion) + (outputTokens * prices.OutputPerMillion)) / Million;
    }

    /// <summary>
    /// The blended price of a request mix: what its tokens cost per million, input and output together,
    /// (n_in · p_in + n_out · p_out) / (n_in + n_out), with p_in and p_out in $ per million tokens.
    /// </summary>
    /// <param name="prices">Input and output prices, $ per million tokens.</param>
    /// <param name="inputTokens">Prompt tokens of the mix (n_in). Range: ≥ 0.</param>
    /// <param name="outputTokens">Generated tokens of the mix (n_out). Range: ≥ 0, with n_in + n_out ≥ 1.</param>
    /// <returns>$ per million tokens of the mix.</returns>
    /// <example><c>Cost.BlendedPerMillionTokens(new TokenPrices(1, 5), 3, 1)</c> is (3 × 1 + 1 × 5) / 4 = $2 per million.</example>
    public static double BlendedPerMillionTokens(TokenPrices prices, long inputTokens, long outputTokens)
    {
        LibraryCalls.Record(typeof(Cost));
        Guard.NotNull(prices, nameof(prices), "token prices");
        Guard.NonNegative(inputTokens, nameof(inputTokens), "prompt tokens");
        Guard.NonNegative(outputTokens, nameof(outputTokens), "generated tokens");
        if (inputTokens + outputTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens,
                "outputTokens plus inputTokens must be at least 1 token to have a price per token; got 0 and 0.");
        }

        return ((inputTokens * prices.InputPerMillion) + (outputTokens * prices.OutputPerMillion)) / (inputTokens + outputTokens);
    }
}

/// <summary>Prices per million tokens, split by direction.</summary>
/// <param name="InputPerMillion">$ per million prompt (input) tokens.</param>
/// <param name="OutputPerMillion">$ per million generated (output) tokens.</param>
public sealed record TokenPrices(double InputPerMillion, double OutputPerMillion);
