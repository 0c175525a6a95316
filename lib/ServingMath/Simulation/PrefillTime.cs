namespace ServingMath.Simulation;

/// <summary>How long the prefill of one prompt takes (the time to first token once admitted).</summary>
public interface IPrefillTimeModel
{
    /// <summary>Prefill time of one prompt, milliseconds.</summary>
    /// <param name="promptTokens">Prompt length, tokens. Range: ≥ 0.</param>
    /// <returns>Prefill time, milliseconds; positive.</returns>
    double PrefillMs(int promptTokens);
}

/// <summary>
/// Prefill time interpolated linearly in prompt length from measured rows (e.g. <c>prefill_by_prompt.csv</c>).
/// Below the shortest measured prompt the time is clamped (fixed overhead dominates: the H100 file shows ~21–23 ms for
/// 128–512 tokens); above the longest it is extrapolated along the last segment (compute-bound, linear in tokens;
/// attention's quadratic term is ignored) and never below the last measured value.
/// </summary>
public sealed class MeasuredPrefillTime : IPrefillTimeModel
{
    private readonly double[] prompts;
    private readonly double[] times;

    /// <summary>Builds the model from measured prefill rows.</summary>
    /// <param name="rows">Measured rows; each prompt length once, TTFT &gt; 0 ms.</param>
    public MeasuredPrefillTime(IEnumerable<PrefillTiming> rows)
    {
        Guard.NotNull(rows, nameof(rows));
        var sorted = rows.OrderBy(r => r.PromptTokens).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("rows must hold at least one measured prefill; got none", nameof(rows));
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            Guard.Positive(sorted[i].TtftMs, nameof(rows), "TTFT in milliseconds of every row");
            if (i > 0 && sorted[i].PromptTokens == sorted[i - 1].PromptTokens)
            {
                throw new ArgumentException($"rows must hold each prompt length once; {sorted[i].PromptTokens} tokens appears twice", nameof(rows));
            }
        }

        prompts = sorted.Select(r => (double)r.PromptTokens).ToArray();
        times = sorted.Select(r => r.TtftMs).ToArray();
    }

    /// <summary>Loads <c>prefill_by_prompt.csv</c> (see <see cref="Measurements.LoadPrefill"/>) and builds the model.</summary>
    /// <param name="path">Path to the CSV, e.g. <c>data/prefill_by_prompt.csv</c>.</param>
    /// <returns>The model.</returns>
    public static MeasuredPrefillTime FromCsv(string path) => new(Measurements.LoadPrefill(path));

    /// <inheritdoc />
    public double PrefillMs(int promptTokens)
    {
        Guard.NonNegative(promptTokens, nameof(promptTokens), "tokens in the prompt");
        return Piecewise.Linear(prompts, times, promptTokens);
    }
}

/// <summary>A prefill time that ignores the prompt length (for checks against queueing theory).</summary>
public sealed class ConstantPrefillTime : IPrefillTimeModel
{
    /// <summary>Builds the model.</summary>
    /// <param name="milliseconds">The prefill time, milliseconds. Range: &gt; 0.</param>
    public ConstantPrefillTime(double milliseconds)
    {
        Guard.Positive(milliseconds, nameof(milliseconds), "milliseconds per prefill");
        Milliseconds = milliseconds;
    }

    /// <summary>The prefill time, milliseconds.</summary>
    public double Milliseconds { get; }

    /// <inheritdoc />
    public double PrefillMs(int promptTokens) => Milliseconds;
}
