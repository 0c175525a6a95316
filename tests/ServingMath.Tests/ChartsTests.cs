namespace ServingMath.Tests;

public class ChartsTests
{
    [Fact]
    public void ToPng_renders_a_png_with_the_workbook_font()
    {
        var plot = Charts.NewPlot("Latency vs utilization", "utilization ρ", "mean response time (s)");
        plot.Add.Scatter(new double[] { 0.1, 0.5, 0.9 }, new double[] { 0.11, 0.2, 1.0 });
        var png = Charts.ToPng(plot, 400, 300);
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
        QueueingTests.AssertBad("plot", () => Charts.ToPng(null!));
        QueueingTests.AssertBad("width", () => Charts.ToPng(Charts.NewPlot("t", "x", "y"), 10, 300));
        QueueingTests.AssertBad("height", () => Charts.ToPng(Charts.NewPlot("t", "x", "y"), 300, 10));
    }
}
