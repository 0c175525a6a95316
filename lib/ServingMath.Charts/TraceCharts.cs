using System.Globalization;
using ScottPlot;

namespace ServingMath;

/// <summary>Figures drawn from a serving trace (a list of <see cref="RequestTrace"/>), in the workbook's look (<see cref="Charts"/>).</summary>
public static class TraceCharts
{
    /// <summary>Most requests one waterfall shows: more bars make the request ids and labels unreadable.</summary>
    public const int MaxWaterfallRequests = 40;

    // Label room: the data area is about 500 px wide at Charts.Width with the legend on the right; a 12 px DejaVu Sans
    // character is about 7.2 px wide on average.
    private const double DataWidthPixels = 500;
    private const double LabelCharPixels = 7.2;

    /// <summary>
    /// A request waterfall: one horizontal bar per request, first request on top, starting at its arrival and split into
    /// queue (gray), prefill (blue) and decode (orange), in the colors of <see cref="Charts.PartColors"/>. For a request that was not served (timed out or rejected) the part
    /// after the queue is the time until it left or the fallback answered (red, <see cref="Charts.FallbackColor"/>). The end of the blue part is the time
    /// to first token (TTFT), the end of the bar the end-to-end time. Each bar is labelled with its TTFT and output tokens,
    /// or with its status and fallback path. The x axis is seconds since the first request's arrival.
    /// </summary>
    /// <param name="requests">The requests to draw, e.g. <c>trace.Skip(200).Take(12).ToList()</c>. Range: 1 to <see cref="MaxWaterfallRequests"/> requests.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>The plot (one horizontal bar plot with three bars per request, labels, a legend).</returns>
    public static Plot Waterfall(IReadOnlyList<RequestTrace> requests, string title)
    {
        Guard.NotNull(requests, nameof(requests), "the requests to draw");
        if (requests.Count is 0 or > MaxWaterfallRequests)
        {
            throw new ArgumentOutOfRangeException(nameof(requests), requests.Count,
                $"{nameof(requests)} must hold 1 to {MaxWaterfallRequests} requests (one bar each); got {requests.Count}. Pass a window, e.g. trace.Skip(200).Take(12).ToList().");
        }

        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                throw new ArgumentNullException(nameof(requests), $"{nameof(requests)}[{i}] is null; every entry must be a request.");
            }
        }

        var t0 = requests.Min(r => r.ArrivalSeconds);
        var plot = Charts.NewPlot(title,
            string.Create(CultureInfo.InvariantCulture, $"seconds since the first arrival ({t0:0.0} s into the trace)"), "request");
        var bars = new List<Bar>(3 * requests.Count);
        var right = 0.0; // x limit that leaves room for every label (estimated in pixels at the default figure width)
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            double y = requests.Count - 1 - i, start = r.ArrivalSeconds - t0;
            double admitted = start + (r.QueueMs / 1000), first = start + (r.TtftMs / 1000), end = start + (r.EndToEndMs / 1000);
            var served = r.Status == RequestStatus.Ok;
            bars.Add(new Bar { Position = y, ValueBase = start, Value = admitted, FillColor = Charts.QueueColor, Size = 0.6 });
            bars.Add(new Bar { Position = y, ValueBase = admitted, Value = first, FillColor = Charts.PrefillColor, Size = 0.6 });
            bars.Add(new Bar { Position = y, ValueBase = first, Value = end, FillColor = served ? Charts.DecodeColor : Charts.FallbackColor, Size = 0.6 });
            var label = served
                ? string.Create(CultureInfo.InvariantCulture, $"TTFT {r.TtftMs:0} ms, {r.OutputTokens} {(r.OutputTokens == 1 ? "token" : "tokens")}")
                : $"{StatusText(r.Status)} → {r.FallbackPath ?? "no fallback"}";
            var text = plot.Add.Text(label, end, y);
            text.LabelAlignment = Alignment.MiddleLeft;
            text.LabelFontSize = 12;
            text.OffsetX = 6;
            right = Math.Max(right, end / (1 - Math.Min(0.8, ((label.Length * LabelCharPixels) + 16) / DataWidthPixels)));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(0, requests.Count).Select(i => (double)i)],
            [.. requests.Select(r => r.RequestId).Reverse()]);
        foreach (var (label, color) in new[] { ("queue", Charts.QueueColor), ("prefill", Charts.PrefillColor), ("decode", Charts.DecodeColor), ("fallback", Charts.FallbackColor) })
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        }

        plot.ShowLegend(Edge.Right); // outside the data area: no bar or label hides under it
        plot.Axes.SetLimits(0, Math.Max(right, 1e-3), -0.7, requests.Count - 0.3);
        return plot;
    }

    private static string StatusText(RequestStatus status) => status switch
    {
        RequestStatus.TimedOut => "timed out",
        RequestStatus.Rejected => "rejected",
        _ => "ok",
    };
}
