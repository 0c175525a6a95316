using ScottPlot;

namespace ServingMath;

/// <summary>Figures of a degradation menu (<see cref="DegradationAction"/>s), in the workbook's look (<see cref="Charts"/>).</summary>
public static class DegradationCharts
{
    /// <summary>
    /// A menu of actions against a latency SLO: each action a point (latency across, quality up) named beside it, the SLO
    /// a red dotted vertical line (<see cref="Charts.LimitAt"/>) with the too-slow side shaded, and the chosen action
    /// highlighted — or, when nothing meets the SLO, a red note to shed or fall back.
    /// </summary>
    /// <param name="title">The figure title: the claim it shows.</param>
    /// <param name="actions">The menu. Range: at least one action, each with a finite latency ≥ 0 and quality.</param>
    /// <param name="latencySloMs">The latency SLO the actions are compared with, ms. Range: &gt; 0.</param>
    /// <param name="chosen">The action <see cref="Degradation.Decide"/> chose, or null when nothing meets the SLO.</param>
    /// <returns>The plot.</returns>
    /// <example><c>DegradationCharts.Actions("The best action under a 1 300 ms SLO", actions, 1300, decision.Choice)</c></example>
    public static Plot Actions(string title, IReadOnlyList<DegradationAction> actions, double latencySloMs, DegradationAction? chosen)
    {
        Guard.NotNull(actions, nameof(actions), "the menu of actions");
        if (actions.Count == 0)
        {
            throw new ArgumentException("actions (the menu of actions) is empty; pass at least one action.", nameof(actions));
        }

        Guard.Positive(latencySloMs, nameof(latencySloMs), "latency SLO, ms");
        var plot = Charts.NewPlot(title, "latency (ms)", "quality (1.0 = full model)");
        var right = Math.Max(latencySloMs, actions.Max(a => a.LatencyMs)) * 1.2;
        var tooSlow = plot.Add.HorizontalSpan(latencySloMs, right);
        tooSlow.FillColor = Charts.LimitColor.WithAlpha(0.08);
        Charts.LimitAt(plot, latencySloMs, $"SLO {latencySloMs:0} ms");
        var points = Charts.Points(plot, actions.Select(a => a.LatencyMs), actions.Select(a => a.Quality), "actions");
        points.Color = Charts.Palette.GetColor(0);   // blue, whatever the span and the SLO line took from the palette
        foreach (var action in actions)
        {
            Charts.Label(plot, action.LatencyMs, action.Quality, action.Name, action.LatencyMs < 0.1 * right ? Alignment.LowerLeft : Alignment.LowerCenter);
        }

        if (chosen is not null)
        {
            var ring = plot.Add.Marker(chosen.LatencyMs, chosen.Quality, MarkerShape.OpenCircle, 26, Charts.Palette.GetColor(2));
            ring.LineWidth = 3;
            ring.LegendText = $"chosen: {chosen.Name}";
        }
        else
        {
            var note = Charts.Label(plot, latencySloMs * 0.05, 0.97, "nothing meets the SLO:\nshed or fall back", Alignment.UpperLeft);
            note.LabelFontSize = 15;
            note.LabelFontColor = Charts.LimitColor;
        }

        plot.Axes.SetLimits(-0.03 * right, right, 0.5, 1.07);
        Charts.ShowLegend(plot, Alignment.LowerRight);
        return plot;
    }
}
