using ScottPlot;
using ScottPlot.Plottables;

namespace ServingMath;

public static partial class Charts
{
    /// <summary>Line width of a data series (<see cref="Line"/>), pixels.</summary>
    public const float SeriesLineWidth = 2;

    /// <summary>Marker size of a data series (<see cref="Line"/>), pixels.</summary>
    public const float SeriesMarkerSize = 8;

    /// <summary>Line width of a formula drawn as a curve (<see cref="Curve"/>), pixels.</summary>
    public const float CurveLineWidth = 3;

    /// <summary>
    /// A data series: a line through a marker at each point (width <see cref="SeriesLineWidth"/>, markers
    /// <see cref="SeriesMarkerSize"/>), in the next color of <see cref="Palette"/> — for measured, simulated or tabulated
    /// points, one per batch size, replica count, context …
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="xs">Horizontal positions, in the axis' unit (log₁₀ for a log axis: <see cref="Log10{T}"/>). Range: finite.</param>
    /// <param name="ys">Vertical positions, one per x. Range: finite, as many as <paramref name="xs"/>.</param>
    /// <param name="legend">What the series is, as the legend shows it.</param>
    /// <returns>The series, to restyle if a figure needs it (e.g. <c>.LinePattern = LinePattern.Dashed</c>).</returns>
    /// <example><c>Charts.Line(plot, replicas, p99WaitMs, "simulated: p99 wait");</c></example>
    public static Scatter Line(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string legend)
    {
        var (x, y) = PointsOf(plot, xs, ys);
        var series = plot.Add.Scatter(x, y);
        series.LegendText = legend ?? string.Empty;
        series.LineWidth = SeriesLineWidth;
        series.MarkerSize = SeriesMarkerSize;
        return series;
    }

    /// <summary>
    /// A formula drawn as a smooth curve: a line without markers (width <see cref="CurveLineWidth"/>), in the next color of
    /// <see cref="Palette"/> — for a function evaluated at many points (cost against utilization, wait against load).
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="xs">Horizontal positions. Range: finite.</param>
    /// <param name="ys">Vertical positions, one per x. Range: finite, as many as <paramref name="xs"/>.</param>
    /// <param name="legend">What the curve is, as the legend shows it.</param>
    /// <returns>The curve.</returns>
    /// <example><c>Charts.Curve(plot, rhos, rhos.Select(r => 1000 * Queueing.MeanResponseTime(r * mu, mu)), "M/M/1");</c></example>
    public static Scatter Curve(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string legend)
    {
        var (x, y) = PointsOf(plot, xs, ys);
        var curve = plot.Add.ScatterLine(x, y);
        curve.LegendText = legend ?? string.Empty;
        curve.LineWidth = CurveLineWidth;
        return curve;
    }

    /// <summary>
    /// Points without a line (markers <see cref="SeriesMarkerSize"/>), in the next color of <see cref="Palette"/> — for
    /// options that are not a sequence (configurations, actions).
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="xs">Horizontal positions. Range: finite.</param>
    /// <param name="ys">Vertical positions, one per x. Range: finite, as many as <paramref name="xs"/>.</param>
    /// <param name="legend">What the points are, as the legend shows it.</param>
    /// <returns>The points.</returns>
    public static Scatter Points(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string legend)
    {
        var (x, y) = PointsOf(plot, xs, ys);
        var points = plot.Add.ScatterPoints(x, y);
        points.LegendText = legend ?? string.Empty;
        points.MarkerSize = SeriesMarkerSize;
        return points;
    }

    private static (double[] X, double[] Y) PointsOf(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys)
    {
        Guard.NotNull(plot, nameof(plot), "plot to draw on");
        Guard.NotNull(xs, nameof(xs), "horizontal positions");
        Guard.NotNull(ys, nameof(ys), "vertical positions");
        var x = xs.ToArray();
        var y = ys.ToArray();
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"xs and ys must have one value per point; got {x.Length} xs and {y.Length} ys.", nameof(ys));
        }

        RequireFinite(x, nameof(xs));
        RequireFinite(y, nameof(ys));
        return (x, y);
    }

    private static void RequireFinite(double[] values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentOutOfRangeException(name, values[i],
                    $"{name} has {Guard.Show(values[i])} at index {i}; a figure can only place finite numbers (leave that point out).");
            }
        }
    }
}
