using ScottPlot;
using SkiaSharp;

namespace ServingMath.Tests;

public class SeriesTests
{
    [Fact]
    public void Line_draws_the_points_with_markers_and_Curve_without()
    {
        var plot = Charts.NewPlot("Two series", "replicas", "p99 wait (ms)");
        var line = Charts.Line(plot, [5, 6, 7], [130, 56, 20], "simulated");
        var curve = Charts.Curve(plot, [5, 6, 7], [120, 50, 25], "M/M/c");
        ChartFiles.Render(plot, "series-line-and-curve");

        Assert.Equal([(5.0, 130.0), (6, 56), (7, 20)], line.Data.GetScatterPoints().Select(p => (p.X, p.Y)));
        Assert.Equal("simulated", line.LegendText);
        Assert.Equal(Charts.SeriesLineWidth, line.LineWidth);
        Assert.Equal(Charts.SeriesMarkerSize, line.MarkerSize);
        Assert.Equal("M/M/c", curve.LegendText);
        Assert.Equal(Charts.CurveLineWidth, curve.LineWidth);
        Assert.Equal(0, curve.MarkerSize);
        // Each series takes the next palette color, as plot.Add does.
        Assert.Equal(Charts.Palette.GetColor(0), line.Color);
        Assert.Equal(Charts.Palette.GetColor(1), curve.Color);
    }

    [Fact]
    public void Bad_series_name_the_parameter_and_the_point()
    {
        var plot = Charts.NewPlot("t", "x", "y");
        ArgumentAssert.Bad("ys", () => Charts.Line(plot, [1, 2, 3], [1, 2], "three xs, two ys"));
        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => Charts.Curve(plot, [1, double.NaN], [1, 2], "NaN"));
        Assert.Equal("xs", nan.ParamName);
        Assert.Contains("index 1", nan.Message, StringComparison.Ordinal);
        ArgumentAssert.Bad("ys", () => Charts.Line(plot, [1], [double.PositiveInfinity], "∞"));
        ArgumentAssert.Bad("plot", () => Charts.Line(null!, [1], [1], "no plot"));
    }
}

public class MarksTests
{
    // Category10's published hex values (matplotlib tab10): red #d62728, gray #7f7f7f.
    [Fact]
    public void A_limit_is_red_and_dotted_and_a_reference_gray_and_dashed()
    {
        var plot = Charts.NewPlot("Marks", "replicas", "ms");
        var slo = Charts.LimitLine(plot, 100, "wait SLO 100 ms");
        var exercise = Charts.ReferenceLine(plot, 40, "exercise: 40 ms");
        var limit = Charts.LimitAt(plot, 10, "TPOT limit 10 ms");
        var chosen = Charts.ReferenceAt(plot, 6, "chosen: 6");

        Assert.Equal(100, slo.Y);
        Assert.Equal(40, exercise.Y);
        Assert.Equal(10, limit.X);
        Assert.Equal(6, chosen.X);
        Assert.All(new ScottPlot.Plottables.AxisLine[] { slo, limit }, l => Assert.Equal(Color.FromHex("#d62728"), l.Color));
        Assert.All(new ScottPlot.Plottables.AxisLine[] { exercise, chosen }, l => Assert.Equal(Color.FromHex("#7f7f7f"), l.Color));
        Assert.All(new ScottPlot.Plottables.AxisLine[] { slo, limit }, l => Assert.Equal(LinePattern.Dotted, l.LinePattern));
        Assert.All(new ScottPlot.Plottables.AxisLine[] { exercise, chosen }, l => Assert.Equal(LinePattern.Dashed, l.LinePattern));
        Assert.Equal(["wait SLO 100 ms", "exercise: 40 ms", "TPOT limit 10 ms", "chosen: 6"], new[] { slo.LegendText, exercise.LegendText, limit.LegendText, chosen.LegendText });
    }

    [Fact]
    public void A_rendered_limit_line_is_red_on_its_row()
    {
        var plot = Charts.NewPlot("A limit at 100 ms", "replicas", "p99 wait (ms)");
        Charts.Line(plot, [4, 16], [150, 20], "data");
        Charts.LimitLine(plot, 100, "SLO 100 ms");
        plot.Axes.SetLimits(4, 16, 0, 200);
        var png = ChartFiles.Render(plot, "marks-limit-line", 600, 400);

        // Where 100 ms lands once rendered at this size; count the red pixels along that row inside the data area.
        var row = (int)Math.Round(plot.GetPixel(new Coordinates(10, 100)).Y);
        var from = (int)Math.Ceiling(plot.GetPixel(new Coordinates(4.5, 100)).X);
        var to = (int)Math.Floor(plot.GetPixel(new Coordinates(15.5, 100)).X);
        using var bitmap = SKBitmap.Decode(png);
        int red = 0;
        for (var x = from; x <= to; x++)
        {
            var hits = Enumerable.Range(row - 1, 3).Select(y => bitmap.GetPixel(x, y)).Any(p => p.Red > 180 && p.Green < 90 && p.Blue < 90);
            red += hits ? 1 : 0;
        }

        // Dotted: about half the row is ink. A line drawn elsewhere (or not at all) leaves this row white.
        Assert.InRange(red, (to - from) / 4, to - from + 1);
    }

    [Fact]
    public void Highlight_places_a_black_point_and_its_label_beside_it_in_the_workbook_font()
    {
        var plot = Charts.NewPlot("A highlighted point", "ρ", "$ per million");
        var point = Charts.Highlight(plot, 0.25, 0.69, "ρ = 25 %: $0.69");
        var text = plot.GetPlottables<ScottPlot.Plottables.Text>().Single();
        ChartFiles.Render(plot, "marks-highlight");

        Assert.Equal(new Coordinates(0.25, 0.69), point.Location);
        Assert.Equal(Colors.Black, point.MarkerFillColor);
        Assert.Equal("ρ = 25 %: $0.69", text.LabelText);
        Assert.Equal(new Coordinates(0.25, 0.69), text.Location);
        Assert.Equal(Alignment.LowerLeft, text.LabelAlignment);
        Assert.Equal(Charts.FontFamily, text.LabelFontName);
        Assert.Equal(Charts.LabelFontSize, text.LabelFontSize);
        // Lower-left corner at the point: the text sits up and to the right, clear of the marker.
        Assert.True(text.LabelOffsetX > 0 && text.LabelOffsetY < 0);

        var right = Charts.Highlight(plot, 1, 0.17, "100 %", Alignment.LowerRight);
        var rightText = plot.GetPlottables<ScottPlot.Plottables.Text>().Last();
        Assert.True(rightText.LabelOffsetX < 0, "a label whose right edge is at the point sits to its left");
        Assert.Equal(new Coordinates(1, 0.17), right.Location);
    }

    [Fact]
    public void Whole_number_ticks_label_each_number_and_nothing_between()
    {
        var plot = Charts.NewPlot("Fleet sizes", "replicas", "ms");
        var ticks = Charts.SetWholeNumberTicks(plot.Axes.Bottom, Enumerable.Range(4, 13));
        Assert.Equal(Enumerable.Range(4, 13).Select(i => (double)i), ticks.Select(t => t.Position));
        Assert.Equal(Enumerable.Range(4, 13).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ticks.Select(t => t.Label));
        Assert.All(ticks, t => Assert.True(t.IsMajor));
        // Rendered over 3.5 … 16.5, the axis shows exactly these ticks (the generator lists them once it has drawn).
        plot.Axes.SetLimits(3.5, 16.5, 0, 1);
        ChartFiles.Render(plot, "marks-whole-number-ticks");
        Assert.Equal(ticks.Select(t => t.Position), plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Position));
        ArgumentAssert.Bad("values", () => Charts.SetWholeNumberTicks(plot.Axes.Bottom, []));
        ArgumentAssert.Bad("axis", () => Charts.SetWholeNumberTicks(null!, [1]));
    }

    [Fact]
    public void ShowLegend_puts_the_legend_in_the_corner_asked_for()
    {
        var plot = Charts.NewPlot("Legend", "x", "y");
        Charts.Line(plot, [0, 1], [0, 1], "rising");
        Charts.ShowLegend(plot, Alignment.LowerRight);
        ChartFiles.Render(plot, "marks-legend-lower-right");
        Assert.Equal(Alignment.LowerRight, plot.Legend.Alignment);
        Assert.True(plot.Legend.IsVisible);
        ArgumentAssert.Bad("y", () => Charts.LimitLine(plot, double.NaN, "NaN"));
        ArgumentAssert.Bad("x", () => Charts.ReferenceAt(plot, double.NegativeInfinity, "−∞"));
    }
}

public class DegradationChartsTests
{
    private static readonly DegradationAction[] Menu =
    [
        new("70B, full answer", 2600, 1.00),
        new("8B, full answer", 1110, 0.88),
        new("cached similar answer", 40, 0.60),
    ];

    [Fact]
    public void The_menu_shows_every_action_the_SLO_and_the_choice()
    {
        var plot = DegradationCharts.Actions("Best action under 1 300 ms", Menu, 1300, Menu[1]);
        ChartFiles.Render(plot, "degradation-actions-chosen");

        var points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single();
        Assert.Equal(Menu.Select(a => (a.LatencyMs, a.Quality)), points.Data.GetScatterPoints().Select(p => (p.X, p.Y)));
        Assert.Equal(Menu.Select(a => a.Name), plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText));
        var slo = plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().Single();
        Assert.Equal(1300, slo.X);
        Assert.Equal(Charts.LimitColor, slo.Color);
        var ring = plot.GetPlottables<ScottPlot.Plottables.Marker>().Single();
        Assert.Equal(new Coordinates(1110, 0.88), ring.Location);
        Assert.Equal("chosen: 8B, full answer", ring.LegendText);
    }

    [Fact]
    public void When_nothing_fits_it_says_so_instead_of_circling_an_action()
    {
        var plot = DegradationCharts.Actions("Overload: nothing fits", Menu, 30, null);
        ChartFiles.Render(plot, "degradation-actions-nothing-fits");
        Assert.Empty(plot.GetPlottables<ScottPlot.Plottables.Marker>());
        var note = plot.GetPlottables<ScottPlot.Plottables.Text>().Last();
        Assert.Contains("shed or fall back", note.LabelText, StringComparison.Ordinal);
        Assert.Equal(Charts.LimitColor, note.LabelFontColor);
        ArgumentAssert.Bad("actions", () => DegradationCharts.Actions("empty", [], 100, null));
        ArgumentAssert.Bad("latencySloMs", () => DegradationCharts.Actions("bad SLO", Menu, 0, null));
    }
}
