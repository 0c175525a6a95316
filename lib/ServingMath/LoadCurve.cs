namespace ServingMath;

/// <summary>Traffic over time, as request rates per time step, for replaying an autoscaler (<see cref="ScalingReplay"/>).</summary>
/// <remarks>Rates in requests per second, times in seconds from midnight.</remarks>
public static class LoadCurve
{
    /// <summary>
    /// A day of chat traffic: a cosine between the night's trough (at 04:00) and the afternoon's peak (at 16:00),
    /// λ(t) = trough + (peak − trough) × (1 − cos(2π (t − 4 h) / 24 h)) / 2, sampled at the start of each step, with the
    /// rate multiplied by <paramref name="burstFactor"/> for <paramref name="burstSeconds"/> from
    /// <paramref name="burstStartSeconds"/> (a launch, a viral post, a retry storm).
    /// </summary>
    /// <param name="peakRate">The afternoon peak, requests/s. Range: &gt; 0.</param>
    /// <param name="troughRate">The night's trough, requests/s. Range: 0 ≤ trough ≤ peak.</param>
    /// <param name="stepSeconds">The time step, s (the autoscaler's sync period). Range: divides 86 400 s into whole steps.</param>
    /// <param name="burstFactor">The burst's multiplier (1 for none). Range: ≥ 1.</param>
    /// <param name="burstStartSeconds">When the burst starts, s after midnight. Range: 0 to 86 400.</param>
    /// <param name="burstSeconds">How long it lasts, s. Range: ≥ 0.</param>
    /// <returns>One rate per step, 86 400 / step of them.</returns>
    /// <example><code>LoadCurve.Diurnal(200, 40, 15, burstFactor: 1.5, burstStartSeconds: 10 * 3600, burstSeconds: 1800)</code></example>
    public static double[] Diurnal(double peakRate, double troughRate, double stepSeconds = 15, double burstFactor = 1, double burstStartSeconds = 0, double burstSeconds = 0)
    {
        LibraryCalls.Record(typeof(LoadCurve));
        Guard.Positive(peakRate, nameof(peakRate), "the afternoon peak, requests per second");
        Guard.NonNegative(troughRate, nameof(troughRate), "the night's trough, requests per second");
        if (troughRate > peakRate)
        {
            throw new ArgumentOutOfRangeException(nameof(troughRate), troughRate,
                $"{nameof(troughRate)} ({Guard.Show(troughRate)} requests/s) must not exceed {nameof(peakRate)} ({Guard.Show(peakRate)}).");
        }

        Guard.Positive(stepSeconds, nameof(stepSeconds), "seconds per step");
        var steps = ExactRatio.Floor(86_400, stepSeconds);
        if (steps < 1 || ExactRatio.Ceiling(86_400, stepSeconds) != steps)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds,
                $"{nameof(stepSeconds)} must divide a day (86 400 s) into whole steps, like 15 or 60; got {Guard.Show(stepSeconds)}.");
        }

        if (burstFactor < 1 || !double.IsFinite(burstFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(burstFactor), burstFactor,
                $"{nameof(burstFactor)} (the burst's multiplier of the rate) must be at least 1 (1 for no burst); got {Guard.Show(burstFactor)}.");
        }

        Guard.NonNegative(burstStartSeconds, nameof(burstStartSeconds), "seconds after midnight the burst starts");
        Guard.NonNegative(burstSeconds, nameof(burstSeconds), "seconds the burst lasts");
        var rates = new double[(int)steps];
        for (var i = 0; i < rates.Length; i++)
        {
            var t = i * stepSeconds;
            var phase = 2 * Math.PI * (t - (4 * 3600)) / 86_400;
            var rate = troughRate + ((peakRate - troughRate) * (1 - Math.Cos(phase)) / 2);
            var inBurst = t >= burstStartSeconds && t < burstStartSeconds + burstSeconds;
            rates[i] = inBurst ? rate * burstFactor : rate;
        }

        return rates;
    }
}
