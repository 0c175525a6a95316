using ScottPlot;

namespace ServingMath.Tests;

public class ChartsTests
{
    [Fact]
    public void ToPng_renders_a_png_with_the_workbook_font()
    {
        var plot = Charts.NewPlot("Latency vs utilization", "utilization ρ", "mean response time (s)");
        plot.Add.Scatter(new double[] { 0.1, 0.5, 0.9 }, new double[] { 0.11, 0.2, 1.0 });
        var png = ChartFiles.Render(plot, "line-latency-vs-utilization", 400, 300);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        Assert.Equal(Charts.FontFamily, plot.Axes.Title.Label.FontName);
        Assert.True(png.Length > 5000, $"a plot with text should be several KB; got {png.Length} bytes");
    }

    [Fact]
    public void Text_is_drawn_when_the_font_is_present()
    {
        // ScottPlot draws no text when it finds no font. A titled plot must differ from an untitled one.
        var bare = Charts.NewPlot("", "", "");
        var titled = Charts.NewPlot("A title with several words", "x (s)", "y (ms)");
        Assert.NotEqual(Charts.ToPng(bare, 300, 200), Charts.ToPng(titled, 300, 200));
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        ArgumentAssert.Bad("plot", () => Charts.ToPng(null!));
        ArgumentAssert.Bad("width", () => Charts.ToPng(Charts.NewPlot("t", "x", "y"), 10, 300));
        ArgumentAssert.Bad("height", () => Charts.ToPng(Charts.NewPlot("t", "x", "y"), 300, 10));
    }
}

public class PaletteTests
{
    // matplotlib's tab10 / Vega's category10, the published hex values: gray #7f7f7f, blue #1f77b4, orange #ff7f0e, green #2ca02c, red #d62728.
    [Fact]
    public void Named_colors_are_category10_entries_and_the_parts_follow_the_stack()
    {
        Assert.Equal("Category 10", Charts.Palette.Name);
        Assert.Equal(Color.FromHex("#7f7f7f"), Charts.QueueColor);
        Assert.Equal(Color.FromHex("#1f77b4"), Charts.PrefillColor);
        Assert.Equal(Color.FromHex("#ff7f0e"), Charts.DecodeColor);
        Assert.Equal(Color.FromHex("#2ca02c"), Charts.PostColor);
        Assert.Equal(Color.FromHex("#d62728"), Charts.FallbackColor);
        Assert.Equal([Charts.QueueColor, Charts.PrefillColor, Charts.DecodeColor, Charts.PostColor], Charts.PartColors.Take(4));
        Assert.Equal(8, Charts.PartColors.Distinct().Count());
        Assert.All(Charts.PartColors, c => Assert.Contains(c, Charts.Palette.Colors));
        Assert.DoesNotContain(Charts.FallbackColor, Charts.PartColors);
    }

    [Fact]
    public void New_plots_use_the_workbook_palette_for_new_plottables()
    {
        var plot = Charts.NewPlot("Two lines", "x", "y");
        var first = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
        var second = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 1, 0 });
        ChartFiles.Render(plot, "palette-two-lines");
        Assert.Equal(Charts.Palette.GetColor(0), first.Color);
        Assert.Equal(Charts.Palette.GetColor(1), second.Color);
    }
}

public class LogAxisTests
{
    [Fact]
    public void LogTickValues_gives_the_one_two_five_sequence_with_exact_decimals()
    {
        Assert.Equal([0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10], Charts.LogTickValues(0.05, 10));
        Assert.Equal([1, 3, 10, 30, 100, 300, 1000], Charts.LogTickValues(1, 1000, 1, 3));
        Assert.Equal([30, 100, 300, 1000, 3000], Charts.LogTickValues(25, 3000, 1, 3));
        Assert.Equal([7.0], Charts.LogTickValues(7, 7, 7));
    }

    [Fact]
    public void LogTicks_put_labelled_majors_at_log10_and_minors_between()
    {
        var ticks = Charts.LogTicks(new[] { 1, 10, 100 });
        var majors = ticks.Where(t => t.IsMajor).ToArray();
        Assert.Equal([0.0, 1.0, 2.0], majors.Select(t => t.Position));
        Assert.Equal(["1", "10", "100"], majors.Select(t => t.Label));
        var minors = ticks.Where(t => !t.IsMajor).Select(t => t.Position).ToArray();
        Assert.Equal(16, minors.Length); // 2..9 and 20..90
        Assert.Equal(Math.Log10(2), minors[0], 12);
        Assert.Equal(Math.Log10(90), minors[^1], 12);
        Assert.All(minors, m => Assert.InRange(m, 0.0, 2.0));
    }

    [Fact]
    public void LogTicks_use_the_label_function_on_the_original_values()
    {
        var ticks = Charts.LogTicks(new[] { 512, 1024, 32768 }, c => c >= 1024 ? $"{c / 1024}K" : $"{c}", minorTicks: false);
        Assert.Equal(["512", "1K", "32K"], ticks.Select(t => t.Label));
        Assert.Equal(Math.Log10(32768), ticks[2].Position, 12);
        Assert.All(ticks, t => Assert.True(t.IsMajor));
    }

    [Fact]
    public void Log10_maps_values_to_decades()
    {
        Assert.Equal(2.0, Charts.Log10(100.0));
        Assert.Equal([-1.0, 0.0, 3.0], Charts.Log10(new[] { 0.1, 1, 1000 }), new DoubleTolerance(1e-12));
        Assert.Equal(Math.Log10(256), Charts.Log10(new[] { 256 })[0]);
    }

    [Fact]
    public void A_rendered_log_axis_keeps_its_ticks_and_draws_grid_lines_at_them()
    {
        var plot = Charts.NewPlot("Cost on a log axis", "batch (log scale)", "$ per million (log scale)");
        double[] dollars = [0.05, 10];
        plot.Add.Scatter(Charts.Log10(new[] { 1, 256 }), Charts.Log10(dollars));
        Charts.SetLogTicks(plot.Axes.Left, Charts.LogTickValues(0.05, 10), d => $"${d}");
        Charts.SetLogTicks(plot.Axes.Bottom, new[] { 1, 4, 16, 64, 256 });
        plot.Axes.SetLimits(Charts.Log10(0.8), Charts.Log10(320), Charts.Log10(0.04), Charts.Log10(12));
        var png = ChartFiles.Render(plot, "log-axes-cost-by-batch", 600, 400);

        var left = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).ToArray();
        Assert.Equal(["$0.05", "$0.1", "$0.2", "$0.5", "$1", "$2", "$5", "$10"], left.Select(t => t.Label));
        Assert.Equal(["1", "4", "16", "64", "256"], plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));

        // The grid follows the ticks: a row at the $1 tick is darker than a row at 10^0.4 = $2.51, between the $2 and $5 ticks, where the default linear ticks would put one.
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var x = (int)plot.GetPixel(new ScottPlot.Coordinates(Charts.Log10(2), 0)).X;
        var atTick = (int)Math.Round(plot.GetPixel(new ScottPlot.Coordinates(0, 0)).Y);   // log10($1) = 0
        var between = (int)Math.Round(plot.GetPixel(new ScottPlot.Coordinates(0, 0.4)).Y);  // $2.51: between the $2 and $5 ticks
        int Darkest(int y) => Enumerable.Range(y - 1, 3).Min(row => bitmap.GetPixel(x, row).Red);
        Assert.True(Darkest(atTick) < 250, $"expected a grid line at y = {atTick}; darkest red channel {Darkest(atTick)}");
        Assert.Equal(255, Darkest(between));
    }

    [Fact]
    public void Bad_log_inputs_name_the_parameter()
    {
        ArgumentAssert.Bad("value", () => Charts.Log10(0));
        ArgumentAssert.Bad("values", () => Charts.Log10(new[] { 1.0, -2 }));
        ArgumentAssert.Bad("values", () => Charts.LogTicks(Array.Empty<double>()));
        ArgumentAssert.Bad("values", () => Charts.LogTicks(new[] { double.NaN }));
        ArgumentAssert.Bad("min", () => Charts.LogTickValues(0, 10));
        ArgumentAssert.Bad("max", () => Charts.LogTickValues(10, 1));
        ArgumentAssert.Bad("mantissas", () => Charts.LogTickValues(1, 10, 10));
        ArgumentAssert.Bad("axis", () => Charts.SetLogTicks(null!, new[] { 1 }));
    }

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

public class StackedBarTests
{
    [Fact]
    public void Latency_budget_bars_stack_the_four_parts_and_label_the_totals()
    {
        var plot = Charts.NewPlot("Where the milliseconds go", "", "latency (ms)");
        var seed = Latency.Budget(20, 100, 40, 15, 5);
        var h100 = Latency.Budget(20, 57, 40, 10.3, 5);
        var segments = Charts.LatencyBudgetBars(plot, ("seed", seed), ("H100", h100));
        ChartFiles.Render(plot, "latency-budget-bars");

        Assert.Equal(8, segments.Count);
        Assert.Equal([0.0, 20, 120, 720], segments.Take(4).Select(b => b.ValueBase));
        Assert.Equal(seed.TotalMs, segments[3].Value);
        Assert.Equal(h100.TotalMs, segments[7].Value, 9);
        Assert.Equal([0.0, 0, 0, 0, 1, 1, 1, 1], segments.Select(b => b.Position));
        Assert.Equal(["post", "decode", "prefill", "queue"], plot.Legend.ManualItems.Select(i => i.LabelText));
        var totals = plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(["725 ms", "494 ms"], totals);
        Assert.Equal(725 * 1.15, plot.Axes.GetLimits().Top, 9);
    }

    [Fact]
    public void Rendered_segments_have_their_part_colors_where_they_are_drawn()
    {
        var plot = Charts.NewPlot("Budget", "", "latency (ms)");
        var segments = Charts.StackedBars(plot, ["a", "b", "c"], ["queue", "prefill", "decode"],
            [[100, 200, 300], [300, 100, 100], [50, 50, 400]], "ms");
        var png = ChartFiles.Render(plot, "stacked-bars-three-parts", 600, 400);
        Assert.Equal(9, segments.Count);
        Assert.Equal(["a", "b", "c"], plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));

        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        for (var s = 0; s < segments.Count; s++)
        {
            var bar = segments[s];
            var center = plot.GetPixel(new ScottPlot.Coordinates(bar.Position, (bar.ValueBase + bar.Value) / 2));
            var pixel = bitmap.GetPixel((int)center.X, (int)center.Y);
            var expected = Charts.PartColors[s % 3];
            Assert.True(pixel.Red == expected.R && pixel.Green == expected.G && pixel.Blue == expected.B,
                $"segment {s} at ({center.X:F0}, {center.Y:F0}) is {pixel}, expected {expected}");
        }
    }

    [Fact]
    public void Bad_bar_inputs_name_the_parameter()
    {
        var plot = Charts.NewPlot("t", "x", "y");
        ArgumentAssert.Bad("plot", () => Charts.StackedBars(null!, ["a"], ["p"], [[1]]));
        ArgumentAssert.Bad("categories", () => Charts.StackedBars(plot, [], ["p"], []));
        ArgumentAssert.Bad("parts", () => Charts.StackedBars(plot, ["a"], [], [[1]]));
        ArgumentAssert.Bad("values", () => Charts.StackedBars(plot, ["a", "b"], ["p"], [[1]]));
        ArgumentAssert.Bad("values", () => Charts.StackedBars(plot, ["a"], ["p", "q"], [[1]]));
        ArgumentAssert.Bad("values", () => Charts.StackedBars(plot, ["a"], ["p"], [[-1]]));
        ArgumentAssert.Bad("values", () => Charts.StackedBars(plot, ["a"], ["p"], [[double.NaN]]));
        ArgumentAssert.Bad("budgets", () => Charts.LatencyBudgetBars(plot));
    }
}
