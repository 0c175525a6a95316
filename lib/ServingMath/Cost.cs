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
    /// Cost per million tokens when the GPU is busy only part of the time: you pay for every hour but
    /// produce peak tokens/s × utilization. At 25 % utilization each token costs 4× the peak-rate price.
    /// </summary>
    /// <param name="hourlyCost">The GPU's price per hour, $/h. Range: ≥ 0.</param>
    /// <param name="peakTokensPerSecond">Tokens per second when fully busy. Range: &gt; 0.</param>
    /// <param name="utilization">The fraction of time the GPU is busy (ρ). Range: 0 &lt; ρ ≤ 1.</param>
    public static double PerMillionTokensAtUtilization(double hourlyCost, double peakTokensPerSecond, double utilization)
    {
        LibraryCalls.Record(typeof(Cost));
        Guard.Positive(peakTokensPerSecond, nameof(peakTokensPerSecond), "tokens per second when fully busy");
        Guard.FractionUpToOne(utilization, nameof(utilization), "fraction of time the GPU is busy");
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
