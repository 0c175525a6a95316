using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace ServingMath;

public static partial class Charts
{
    /// <summary>The color of a limit the data must respect (an SLO, a TPOT promise): Category10 red.</summary>
    public static Color LimitColor => Palette.GetColor(3);

    /// <summary>The color of a reference value to compare with (an exercise's number, a floor, a default): Category10 gray.</summary>
    public static Color ReferenceColor => Palette.GetColor(7);

    /// <summary>Font size of the labels beside highlighted points (<see cref="Highlight"/>), points.</summary>
    public const float LabelFontSize = 13;

    /// <summary>
    /// A horizontal limit: a promise the data must stay under (or above) — an SLO, a TPOT limit, a budget. Drawn red
    /// (<see cref="LimitColor"/>), dotted, width 2, named in the legend.
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="y">The limit, in the vertical axis' unit. Range: finite.</param>
    /// <param name="legend">What the limit is, with its value: "wait SLO 100 ms".</param>
    /// <returns>The line.</returns>
    public static HorizontalLine LimitLine(Plot plot, double y, string legend) =>
        Styled(Horizontal(plot, y, nameof(y)), LimitColor, LinePattern.Dotted, legend);

    /// <summary>
    /// A horizontal reference: a value to compare the data with, not a promise — the exercise's number, a floor, a
    /// default. Drawn gray (<see cref="ReferenceColor"/>), dashed, width 2, named in the legend.
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="y">The value, in the vertical axis' unit. Range: finite.</param>
    /// <param name="legend">What the value is: "exercise: 1 000 tok/s".</param>
    /// <returns>The line.</returns>
    public static HorizontalLine ReferenceLine(Plot plot, double y, string legend) =>
        Styled(Horizontal(plot, y, nameof(y)), ReferenceColor, LinePattern.Dashed, legend);

    /// <summary>A vertical limit (red, dotted; see <see cref="LimitLine"/>) at a value of the horizontal axis.</summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="x">The limit, in the horizontal axis' unit. Range: finite.</param>
    /// <param name="legend">What the limit is, with its value: "TPOT limit 10 ms".</param>
    /// <returns>The line.</returns>
    public static VerticalLine LimitAt(Plot plot, double x, string legend) =>
        Styled(Vertical(plot, x, nameof(x)), LimitColor, LinePattern.Dotted, legend);

    /// <summary>A vertical reference (gray, dashed; see <see cref="ReferenceLine"/>) at a value of the horizontal axis.</summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="x">The value, in the horizontal axis' unit. Range: finite.</param>
    /// <param name="legend">What the value is: "both rules' choice: 6 replicas".</param>
    /// <returns>The line.</returns>
    public static VerticalLine ReferenceAt(Plot plot, double x, string legend) =>
        Styled(Vertical(plot, x, nameof(x)), ReferenceColor, LinePattern.Dashed, legend);

    /// <summary>
    /// A point to read off the figure: a filled black circle with its label beside it (<see cref="LabelFontSize"/>),
    /// placed so that the label's <paramref name="labelCorner"/> touches the point.
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="x">Horizontal position. Range: finite.</param>
    /// <param name="y">Vertical position. Range: finite.</param>
    /// <param name="label">The text beside the point: "25 % of peak: $0.69".</param>
    /// <param name="labelCorner">Which corner of the label sits at the point; <see cref="Alignment.LowerLeft"/> puts the text above and to the right.</param>
    /// <returns>The marker (the label is a separate text plottable).</returns>
    public static Marker Highlight(Plot plot, double x, double y, string label, Alignment labelCorner = Alignment.LowerLeft)
    {
        Guard.NotNull(plot, nameof(plot), "plot to draw on");
        RequireFinite([x], nameof(x));
        RequireFinite([y], nameof(y));
        var marker = plot.Add.Marker(x, y, MarkerShape.FilledCircle, 11, Colors.Black);
        Label(plot, x, y, label, labelCorner);
        return marker;
    }

    /// <summary>
    /// A text label at a point of the figure (<see cref="LabelFontSize"/>, the workbook's font), nudged 6 pixels away from
    /// the point so it does not sit on a marker: its <paramref name="corner"/> is next to the point.
    /// </summary>
    /// <param name="plot">The plot to draw on.</param>
    /// <param name="x">Horizontal position. Range: finite.</param>
    /// <param name="y">Vertical position. Range: finite.</param>
    /// <param name="text">The label: "B = 64".</param>
    /// <param name="corner">Which corner (or edge middle) of the text is next to the point; <see cref="Alignment.MiddleLeft"/> puts it to the right.</param>
    /// <returns>The text plottable.</returns>
    public static Text Label(Plot plot, double x, double y, string text, Alignment corner = Alignment.MiddleLeft)
    {
        Guard.NotNull(plot, nameof(plot), "plot to draw on");
        RequireFinite([x], nameof(x));
        RequireFinite([y], nameof(y));
        var label = plot.Add.Text(text ?? string.Empty, x, y);
        label.LabelFontSize = LabelFontSize;
        label.LabelFontName = FontFamily;
        label.LabelAlignment = corner;
        label.LabelOffsetX = corner is Alignment.LowerRight or Alignment.MiddleRight or Alignment.UpperRight ? -6
            : corner is Alignment.LowerCenter or Alignment.MiddleCenter or Alignment.UpperCenter ? 0 : 6;
        label.LabelOffsetY = corner is Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight ? 6
            : corner is Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight ? 0 : -6;
        return label;
    }

    /// <summary>
    /// Ticks at whole numbers (replicas, fleet sizes, batch sizes on a linear axis), each labelled with its number and
    /// nothing between — ScottPlot's <see cref="NumericManual"/> tick generator.
    /// </summary>
    /// <param name="axis">The axis, e.g. <c>plot.Axes.Bottom</c>.</param>
    /// <param name="values">The numbers to mark; at least one.</param>
    /// <returns>The ticks the axis now shows.</returns>
    public static Tick[] SetWholeNumberTicks(IAxis axis, IEnumerable<int> values)
    {
        Guard.NotNull(axis, nameof(axis), "the axis to label, e.g. plot.Axes.Bottom");
        Guard.NotNull(values, nameof(values), "the whole numbers to mark");
        Tick[] ticks = [.. values.Select(v => Tick.Major(v, v.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        if (ticks.Length == 0)
        {
            throw new ArgumentException("values (the whole numbers to mark) is empty; pass at least one number.", nameof(values));
        }

        axis.TickGenerator = new NumericManual(ticks);
        return ticks;
    }

    /// <summary>Shows the legend in the corner where it covers no data (say which in the cell: the figure's reader cannot).</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="corner">Where the legend goes, e.g. <see cref="Alignment.UpperRight"/>.</param>
    public static void ShowLegend(Plot plot, Alignment corner)
    {
        Guard.NotNull(plot, nameof(plot), "plot");
        plot.Legend.Alignment = corner;
        plot.ShowLegend();
    }

    private static HorizontalLine Horizontal(Plot plot, double y, string name)
    {
        Guard.NotNull(plot, nameof(plot), "plot to draw on");
        RequireFinite([y], name);
        return plot.Add.HorizontalLine(y);
    }

    private static VerticalLine Vertical(Plot plot, double x, string name)
    {
        Guard.NotNull(plot, nameof(plot), "plot to draw on");
        RequireFinite([x], name);
        return plot.Add.VerticalLine(x);
    }

    private static T Styled<T>(T line, Color color, LinePattern pattern, string legend) where T : AxisLine
    {
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.LegendText = legend ?? string.Empty;
        return line;
    }
}
