using ScottPlot.Plottables;

namespace ServingMath.Tests;

public class LatencyTailTests
{
    [Fact]
    public void The_curve_is_the_fraction_slower_on_a_log_scale()
    {
        // Four values 40, 10, 30, 20 ms: below 10 all 4 are slower (1), from 10 on 3/4, from 20 on 2/4, from 30 on 1/4;
        // the drop to 0 at 40 is left out (no 0 on a log axis), the last level drawn out to 40.
        var plot = Charts.LatencyTail("TTFT tail", "TTFT (ms)", ("replay", [40.0, 10, 30, 20]));
        var line = plot.GetPlottables().OfType<Scatter>().Single();
        var points = line.Data.GetScatterPoints();
        Assert.Equal([10.0, 10, 20, 30, 40], points.Select(p => p.X));
        Assert.Equal([1, 0.75, 0.5, 0.25, 0.25], points.Select(p => Math.Round(Math.Pow(10, p.Y), 12)));
        Assert.Equal("replay", line.LegendText);
        ChartFiles.Render(plot, "latency-tail", 500, 300);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        ArgumentAssert.Bad("series", () => Charts.LatencyTail("t", "x", []));
        ArgumentAssert.Bad("series", () => Charts.LatencyTail("t", "x", ("one value", [1.0])));
        ArgumentAssert.Bad("series", () => Charts.LatencyTail("t", "x", ("nan", [1.0, double.NaN])));
    }
}
