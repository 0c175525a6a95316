using ScottPlot.Plottables;

namespace ServingMath.Tests;

public class TraceChartsTests
{
    // Served (queue 200 ms, prefill 50 ms, e2e 1.25 s), timed out after 1 s queue + 40 ms fallback, rejected at once.
    private static readonly RequestTrace[] Three =
    [
        new("a", 10.0, 200, 50, 512, 101, 1250),
        new("b", 10.5, 1000, 0, 300, 0, 1040, RequestStatus.TimedOut, "cached-answer"),
        new("c", 11.0, 0, 0, 300, 0, 40, RequestStatus.Rejected, "cached-answer"),
    ];

    [Fact]
    public void Waterfall_splits_each_request_into_queue_prefill_and_decode_from_its_arrival()
    {
        var plot = TraceCharts.Waterfall(Three, "waterfall");
        ChartFiles.Render(plot, "waterfall-three-requests");
        var bars = plot.GetPlottables<BarPlot>().Single().Bars.ToArray();
        Assert.Equal(9, bars.Length);
        // Request a (top row, position 2): arrives at 0 s, admitted at 0.2 s, first token at 0.25 s, done at 1.25 s.
        Assert.Equal(new[] { (0.0, 0.2), (0.2, 0.25), (0.25, 1.25) }, bars.Take(3).Select(b => (Math.Round(b.ValueBase, 9), Math.Round(b.Value, 9))));
        Assert.All(bars.Take(3), b => Assert.Equal(2, b.Position));
        Assert.Equal(Charts.DecodeColor, bars[2].FillColor);
        // Request b: 1 s of queue from 0.5 s, no prefill, the fallback's 40 ms in orange.
        Assert.Equal((1.5, 1.54), (Math.Round(bars[5].ValueBase, 9), Math.Round(bars[5].Value, 9)));
        Assert.Equal(Charts.FallbackColor, bars[5].FillColor);
        Assert.All(bars.Skip(6), b => Assert.Equal(0, b.Position)); // last request at the bottom
        // Room right of the longest bar (a's ends at 1.25 s) for its ~170-pixel label.
        Assert.InRange(plot.Axes.GetLimits().Right, 1.25 * 1.4, 1.25 * 3);
    }

    [Fact]
    public void Waterfall_labels_bars_with_ttft_or_status_and_the_rows_with_request_ids()
    {
        var plot = TraceCharts.Waterfall(Three, "waterfall");
        var labels = plot.GetPlottables<Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(new[] { "TTFT 250 ms, 101 tokens", "timed out → cached-answer", "rejected → cached-answer" }, labels);
        var png = ChartFiles.Render(plot, "waterfall-labels");
        Assert.True(png.Length > 5000, $"a waterfall with text should be several KB; got {png.Length} bytes");
        var ticks = plot.Axes.Left.TickGenerator.Ticks.OrderBy(t => t.Position).Select(t => t.Label).ToArray();
        Assert.Equal(new[] { "c", "b", "a" }, ticks); // positions 0, 1, 2: the first request on top
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        ArgumentAssert.Bad("requests", () => TraceCharts.Waterfall(null!, "t"));
        ArgumentAssert.Bad("requests", () => TraceCharts.Waterfall([], "t"));
        ArgumentAssert.Bad("requests", () => TraceCharts.Waterfall([.. Enumerable.Repeat(Three[0], TraceCharts.MaxWaterfallRequests + 1)], "t"));
        ArgumentAssert.Bad("requests", () => TraceCharts.Waterfall([Three[0], null!], "t"));
    }
}
