using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearRegression;

namespace ServingMath.Simulation;

/// <summary>
/// A step cost linear in what the step holds: StepMs = a + b·(decode sequences) + c·Σ(decode contexts) + d·(prefill tokens).
/// a is the fixed cost of a pass (weights read, launch), b the per-sequence cost, c the attention read per context
/// token, d the compute per prompt token (a draft token verified under speculative decoding costs d too: one more
/// position through the weights). <see cref="Fit"/> estimates it from a step log in one call.
/// </summary>
/// <param name="FixedMs">a, milliseconds per step. Range: finite.</param>
/// <param name="PerSequenceMs">b, milliseconds per decode sequence. Range: finite.</param>
/// <param name="PerContextTokenMs">c, milliseconds per token of decode context. Range: finite.</param>
/// <param name="PerPrefillTokenMs">d, milliseconds per prompt token. Range: finite.</param>
/// <example>
/// <code>
/// var steps = Simulator.LlmReplicas(config with { RecordSteps = true }, arrivals).Steps;
/// var fitted = LinearStepCost.Fit(steps);   // a, b, c, d in milliseconds
/// var replay = config with { StepCost = fitted };
/// </code>
/// </example>
public sealed record LinearStepCost(double FixedMs, double PerSequenceMs, double PerContextTokenMs, double PerPrefillTokenMs) : IStepCostModel
{
    /// <summary>
    /// Llama-3-8B on an H100 80GB, from the measured files and the roofline: a = 7.2576 ms (the measured batch-1 decode step
    /// at context 512: the 16 GB weight read plus launch overhead), b = 0.01 ms per sequence (sampling; the measured
    /// batch-1 → 64 slope at context 512 is ≈ 0.028 ms, of which part is KV read), c = 131 072 B / 3.021 TB/s =
    /// 4.339e-5 ms per context token (each decode reads its whole KV), d = (113.879 − 56.716) ms / 2048 tokens =
    /// 0.02791 ms per prompt token (the measured prefill slope from 2048 to 4096 tokens, compute-bound).
    /// A mixed step pays the fixed cost once — unlike <see cref="TableStepCost"/>, which charges a decode step and a prefill.
    /// </summary>
    public static LinearStepCost Llama3_8B_H100 { get; } = new(7.2576, 0.01, 131_072 / 3.021e12 * 1000, (113.879 - 56.716) / 2048);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(StepWork work) =>
        FixedMs + (PerSequenceMs * work.DecodeSequences) + (PerContextTokenMs * work.DecodeContextTokens) +
        (PerPrefillTokenMs * ((long)work.PrefillTokens + work.DraftTokens));

    /// <summary>
    /// Least-squares fit of StepMs = a + b·batch + c·Σcontext + d·prefill tokens to logged steps (MathNet.Numerics,
    /// QR decomposition). The log must vary all three inputs independently: steps with and without prefill, and
    /// decode batches of different sizes and contexts.
    /// </summary>
    /// <param name="steps">Logged steps: <see cref="StepRecord.Work"/> as inputs, <see cref="StepRecord.DurationMs"/> as the time. Range: ≥ 4 steps.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Fewer than 4 steps, or steps that do not vary enough to separate the four coefficients.</exception>
    public static LinearStepCost Fit(IEnumerable<StepRecord> steps)
    {
        Guard.NotNull(steps, nameof(steps));
        var list = steps.ToList();
        if (list.Count < 4)
        {
            throw new ArgumentException($"steps must hold at least 4 logged steps to fit 4 coefficients; got {list.Count}", nameof(steps));
        }

        var x = new double[list.Count][];
        var y = new double[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i] ?? throw new ArgumentNullException(nameof(steps), $"steps[{i}] is null");
            Guard.Finite(s.DurationMs, nameof(steps), $"duration of steps[{i}] in milliseconds");
            x[i] = [s.Work.DecodeSequences, s.Work.DecodeContextTokens, (double)s.Work.PrefillTokens + s.Work.DraftTokens];
            y[i] = s.DurationMs;
        }

        double[] p;
        try
        {
            p = MultipleRegression.QR(x, y, intercept: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException(NotSeparable, nameof(steps), e);
        }

        if (!p.All(double.IsFinite))
        {
            throw new ArgumentException(NotSeparable, nameof(steps));
        }

        return new LinearStepCost(p[0], p[1], p[2], p[3]);
    }

    private const string NotSeparable =
        "steps must vary the batch size, the total context and the prefill tokens independently to fit a, b, c and d " +
        "(e.g. a log with no prefill tokens at all cannot tell d); log a longer or busier run";
}
