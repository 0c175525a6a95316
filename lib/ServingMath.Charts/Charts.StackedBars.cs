using System.Globalization;
using ScottPlot;

namespace ServingMath;

public static partial class Charts
{
    /// <summary>
    /// Draws stacked bars: one bar per category, each split into the same parts stacked bottom to top in the colors of
    /// <see cref="PartColors"/>, the total written above each bar, a legend listing the parts top of the stack first, and
    /// the categories as the horizontal axis' labels. The vertical axis runs from 0 to 15 % above the tallest bar.
    /// </summary>
    /// <param name="plot">The plot to draw on (e.g. from <see cref="NewPlot"/>; put the unit in its y label).</param>
    /// <param name="categories">One label per bar, left to right (bar i is at x = i).</param>
    /// <param name="parts">The names of the parts, bottom of the stack first. Range: 1 to 8 parts.</param>
    /// <param name="values">values[i][k] is part k of bar i, in the unit of the vertical axis (e.g. ms). One row per category, one entry per part. Range: each ≥ 0 and finite.</param>
    /// <param name="unit">The unit written after each total, e.g. "ms"; empty for none.</param>
    /// <returns>The drawn segments, bar by bar and bottom to top (categories × parts segments).</returns>
    public static IReadOnlyList<Bar> StackedBars(
        Plot plot,
        IReadOnlyList<string> categories,
        IReadOnlyList<string> parts,
        IReadOnlyList<IReadOnlyList<double>> values,
        string unit = "")
    {
        Guard.NotNull(plot, nameof(plot), "the plot to draw on");
        Guard.NotNull(categories, nameof(categories), "one label per bar");
        Guard.NotNull(parts, nameof(parts), "the names of the stacked parts");
        Guard.NotNull(values, nameof(values), "one row of part values per bar");
        if (categories.Count == 0)
        {
            throw new ArgumentException("categories (one label per bar) is empty; pass at least one bar.", nameof(categories));
        }

        if (parts.Count == 0 || parts.Count > PartColors.Count)
        {
            throw new ArgumentException(
                $"parts (the names of the stacked parts) must hold 1 to {PartColors.Count} names; got {parts.Count}.", nameof(parts));
        }

        if (values.Count != categories.Count)
        {
            throw new ArgumentException(
                $"values has {values.Count} rows but categories has {categories.Count} labels; pass one row of part values per bar.", nameof(values));
        }

        for (var i = 0; i < values.Count; i++)
        {
            Guard.FiniteList(values[i], nameof(values), $"row {i}, the parts of bar '{categories[i]}'");
            if (values[i].Count != parts.Count)
            {
                throw new ArgumentException(
                    $"values row {i} (bar '{categories[i]}') has {values[i].Count} entries but there are {parts.Count} parts; pass one value per part.",
                    nameof(values));
            }

            for (var k = 0; k < parts.Count; k++)
            {
                Guard.NonNegative(values[i][k], nameof(values), $"row {i}, part '{parts[k]}'");
            }
        }

        var segments = new List<Bar>();
        var tallest = 0.0;
        for (var i = 0; i < categories.Count; i++)
        {
            var bottom = 0.0;
            for (var k = 0; k < parts.Count; k++)
            {
                var bar = new Bar { Position = i, ValueBase = bottom, Value = bottom + values[i][k], FillColor = PartColors[k], Size = 0.5 };
                plot.Add.Bar(bar);
                segments.Add(bar);
                bottom += values[i][k];
            }

            var total = plot.Add.Text(FormatTotal(bottom, unit), i, bottom);
            total.LabelFontSize = 15;
            total.LabelFontName = FontFamily;
            total.LabelAlignment = Alignment.LowerCenter;
            tallest = Math.Max(tallest, bottom);
        }

        for (var k = parts.Count - 1; k >= 0; k--)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = parts[k], FillColor = PartColors[k] });
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, tallest > 0 ? tallest * 1.15 : 1);
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        return segments;
    }

    /// <summary>
    /// Stacked bars of latency budgets (<see cref="StackedBars"/>): for each budget, queue, prefill, decode and post
    /// (bottom to top), milliseconds, with the end-to-end total in ms above the bar.
    /// </summary>
    /// <param name="plot">The plot to draw on; give it a y label such as "latency (ms)".</param>
    /// <param name="budgets">One (label, budget) per bar, left to right, e.g. <c>("seed numbers", Latency.Budget(20, 100, 40, 15, 5))</c>. At least one.</param>
    /// <returns>The drawn segments, bar by bar, bottom to top (4 per budget).</returns>
    public static IReadOnlyList<Bar> LatencyBudgetBars(Plot plot, params (string Label, LatencyBudget Budget)[] budgets)
    {
        Guard.NotNull(budgets, nameof(budgets), "one (label, budget) per bar");
        if (budgets.Length == 0)
        {
            throw new ArgumentException("budgets (one (label, budget) per bar) is empty; pass at least one budget.", nameof(budgets));
        }

        for (var i = 0; i < budgets.Length; i++)
        {
            if (budgets[i].Label is null || budgets[i].Budget is null)
            {
                throw new ArgumentNullException(nameof(budgets), $"budgets entry {i} has a null label or a null budget.");
            }
        }

        return StackedBars(
            plot,
            [.. budgets.Select(b => b.Label)],
            ["queue", "prefill", "decode", "post"],
            [.. budgets.Select(b => (IReadOnlyList<double>)[b.Budget.QueueMs, b.Budget.PrefillMs, b.Budget.DecodeMs, b.Budget.PostMs])],
            "ms");
    }

    private static string FormatTotal(double total, string? unit)
    {
        var number = total >= 10 ? total.ToString("N0", CultureInfo.InvariantCulture) : total.ToString("G3", CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(unit) ? number : $"{number} {unit}";
    }

}
