using ScottPlot;

namespace ServingMath;

public static partial class Charts
{
    /// <summary>The exceedance levels marked on a latency tail: the p90, p99 and p99.9.</summary>
    private static readonly double[] TailLevels = [0.1, 0.01, 0.001];

    /// <summary>
    /// The tail of one or more latency distributions: for each latency x, the fraction of requests slower than x
    /// (1 − F(x), the empirical exceedance), on a logarithmic vertical axis from 1 down to 1/n — so the p90, p99 and
    /// p99.9 sit a decade apart and a percentile is read where a curve crosses 0.1, 0.01, 0.001. Dashed lines mark those
    /// three levels; the legend sits in the upper right, where the curves start at 1 on the left.
    /// </summary>
    /// <param name="title">The figure title: the claim the figure makes.</param>
    /// <param name="xLabel">The latency axis label, with its unit, e.g. "TTFT (ms)".</param>
    /// <param name="series">Each distribution with its legend label, e.g. <c>("no prefix caching", ttfts)</c>. Range: at least one series, each with ≥ 2 finite values.</param>
    /// <returns>The plot, to display or add to.</returns>
    /// <example>
    /// <code>
    /// Charts.LatencyTail("Prefix caching cuts the TTFT tail", "TTFT (ms)", ("off", offMs), ("on", onMs))
    /// </code>
    /// </example>
    public static Plot LatencyTail(string title, string xLabel, params (string Label, IEnumerable<double> Values)[] series)
    {
        Guard.NotNull(series, nameof(series), "the distributions to plot");
        if (series.Length == 0)
        {
            throw new ArgumentException("series must hold at least one (label, values) pair; got none", nameof(series));
        }

        var plot = NewPlot(title, xLabel, "fraction of requests slower (log scale)");
        var smallest = 1.0;
        for (var s = 0; s < series.Length; s++)
        {
            var (label, values) = series[s];
            Guard.NotNull(values, nameof(series), $"the values of series {s} ('{label}')");
            double[] sorted = [.. values.Order()];
            if (sorted.Length < 2 || !sorted.All(double.IsFinite))
            {
                throw new ArgumentException(
                    $"series[{s}] ('{label}') must hold at least 2 finite values; got {sorted.Length} value(s){(sorted.All(double.IsFinite) ? "" : ", some not finite")}",
                    nameof(series));
            }

            // From the i-th smallest value on, (n − i) / n of the requests are slower (i = 1…n − 1); below the smallest, all
            // are (1). The drop to 0 at the largest value cannot be shown on a log axis: the curve ends at 1/n, extended to it.
            var n = sorted.Length;
            var xs = new double[n + 1];
            var ys = new double[n + 1];
            xs[0] = sorted[0];
            ys[0] = 0;
            for (var i = 1; i < n; i++)
            {
                xs[i] = sorted[i - 1];
                ys[i] = Math.Log10((double)(n - i) / n);
            }

            xs[n] = sorted[n - 1];
            ys[n] = ys[n - 1];

            smallest = Math.Min(smallest, 1.0 / n);
            var line = plot.Add.ScatterLine(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = label;
        }

        foreach (var level in TailLevels.Where(l => l >= smallest))
        {
            var h = plot.Add.HorizontalLine(Math.Log10(level));
            h.LinePattern = LinePattern.Dashed;
            h.LineWidth = 1;
            h.Color = Colors.Gray;
        }

        SetLogTicks(plot.Axes.Left, LogTickValues(Math.Pow(10, Math.Floor(Math.Log10(smallest))), 1, 1), v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.SetLimitsY(Math.Log10(smallest) - 0.1, 0.05);
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot;
    }
}
