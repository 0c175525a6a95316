using System.Globalization;
using System.Numerics;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ServingMath;

/// <summary>
/// One look for every figure in the workbook. ScottPlot draws no text at all when it cannot find a
/// font (it fails silently on a Linux machine without fonts), so the font family is set explicitly.
/// </summary>
public static class Charts
{
    /// <summary>The font family every chart uses (installed with the DejaVu fonts on most Linux systems).</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Default width of a figure, pixels.</summary>
    public const int Width = 720;

    /// <summary>Default height of a figure, pixels.</summary>
    public const int Height = 420;

    /// <summary>
    /// A new plot with the workbook's font, a title and axis labels (put the unit in the label:
    /// "latency (ms)").
    /// </summary>
    /// <param name="title">The figure title.</param>
    /// <param name="xLabel">The horizontal axis label, with its unit.</param>
    /// <param name="yLabel">The vertical axis label, with its unit.</param>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title ?? string.Empty);
        plot.XLabel(xLabel ?? string.Empty);
        plot.YLabel(yLabel ?? string.Empty);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Bottom.Label.FontSize = 15;
        plot.Axes.Left.Label.FontSize = 15;
        plot.Legend.FontName = FontFamily;
        plot.Legend.FontSize = 13;
        return plot;
    }

    /// <summary>Renders a plot to PNG bytes (for a notebook display or a file).</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="width">Width, pixels. Range: ≥ 50.</param>
    /// <param name="height">Height, pixels. Range: ≥ 50.</param>
    public static byte[] ToPng(Plot plot, int width = Width, int height = Height)
    {
        Guard.NotNull(plot, nameof(plot), "plot");
        if (width < 50 || height < 50)
        {
            throw new ArgumentOutOfRangeException(width < 50 ? nameof(width) : nameof(height),
                $"width and height must be at least 50 pixels each; got width {width}, height {height}.");
        }

        // Fonts set after NewPlot (e.g. on new plottables' labels) follow the workbook's family too.
        plot.Font.Set(FontFamily);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The colors of the parts of a stacked bar, bottom of the stack first (gray for waiting, then blue, orange,
    /// green, …), so that the same part has the same color in every figure of the workbook.
    /// </summary>
    public static IReadOnlyList<Color> PartColors { get; } =
    [
        Colors.Gray, Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen,
        Colors.MediumPurple, Colors.IndianRed, Colors.Olive, Colors.Teal,
    ];

    /// <summary>
    /// The position of a value on a logarithmic axis: log₁₀(value). ScottPlot has no log axis; plot the
    /// positions and label the axis with <see cref="SetLogTicks{T}"/>, which puts the real values back as labels.
    /// </summary>
    /// <param name="value">A value in data units (tokens, requests, $). Range: &gt; 0.</param>
    /// <returns>log₁₀(value), in decades (1 = ten, 2 = a hundred).</returns>
    public static double Log10(double value)
    {
        Guard.Positive(value, nameof(value), "a value on a log axis; a log scale has no place for 0 or less");
        return Math.Log10(value);
    }

    /// <summary>The positions of values on a logarithmic axis: log₁₀ of each (see <see cref="Log10(double)"/>).</summary>
    /// <typeparam name="T">Any number type (int, long, double, …).</typeparam>
    /// <param name="values">Values in data units. Range: each &gt; 0 and finite.</param>
    /// <returns>log₁₀ of each value, in order.</returns>
    public static double[] Log10<T>(IEnumerable<T> values) where T : INumberBase<T> =>
        [.. PositiveValues(values, nameof(values)).Select(Math.Log10)];

    /// <summary>
    /// Round values for a logarithmic axis from <paramref name="min"/> to <paramref name="max"/>: each mantissa times
    /// each power of ten, e.g. mantissas 1, 2, 5 from 0.05 to 10 give 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10; mantissas 1, 3
    /// from 1 to 1000 give 1, 3, 10, 30, 100, 300, 1000.
    /// </summary>
    /// <param name="min">The smallest value to include, data units. Range: &gt; 0.</param>
    /// <param name="max">The largest value to include, data units. Range: ≥ <paramref name="min"/>.</param>
    /// <param name="mantissas">The leading digits to use in each decade; none means 1, 2, 5. Range: each in [1, 10).</param>
    /// <returns>The values, ascending (computed as m × 10ᵏ or m / 10⁻ᵏ, so 0.05 is the double nearest 0.05).</returns>
    public static double[] LogTickValues(double min, double max, params double[] mantissas)
    {
        Guard.Positive(min, nameof(min), "smallest value on the log axis");
        Guard.Positive(max, nameof(max), "largest value on the log axis");
        if (max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max,
                $"max (largest value on the log axis) must be at least min ({Guard.Show(min)}); got {Guard.Show(max)}.");
        }

        mantissas = mantissas is null || mantissas.Length == 0 ? [1, 2, 5] : mantissas;
        foreach (var m in mantissas)
        {
            if (!(m >= 1 && m < 10))
            {
                throw new ArgumentOutOfRangeException(nameof(mantissas), m,
                    $"mantissas (leading digits per decade) must each be at least 1 and below 10, e.g. 1, 2, 5; got {Guard.Show(m)}.");
            }
        }

        var values = new SortedSet<double>();
        var first = (int)Math.Floor(Math.Log10(min)) - 1;
        var last = (int)Math.Ceiling(Math.Log10(max)) + 1;
        for (var k = first; k <= last; k++)
        {
            foreach (var m in mantissas)
            {
                var v = Decade(m, k);
                if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12))
                {
                    values.Add(v);
                }
            }
        }

        return [.. values];
    }

    /// <summary>
    /// The ticks of a logarithmic axis whose data were plotted as log₁₀ (<see cref="Log10{T}"/>): a labelled major tick at
    /// log₁₀(v) for each value, and, optionally, unlabelled minor ticks at 2, 3, …, 9 × 10ᵏ between the smallest and the
    /// largest value (the grid of log paper, which shows the reader that the axis is logarithmic).
    /// </summary>
    /// <typeparam name="T">Any number type (int, long, double, …).</typeparam>
    /// <param name="values">The values to label, data units (e.g. 512, 1024, … tokens). Range: each &gt; 0 and finite; at least one.</param>
    /// <param name="label">Formats a value as its tick label, e.g. <c>b =&gt; $"${b}"</c>; null: the value in invariant culture ("0.05", "1000").</param>
    /// <param name="minorTicks">Whether to add the minor ticks; default true.</param>
    /// <returns>The major ticks in the order of <paramref name="values"/>, then the minor ticks ascending; positions in decades (log₁₀).</returns>
    public static Tick[] LogTicks<T>(IEnumerable<T> values, Func<T, string>? label = null, bool minorTicks = true) where T : INumberBase<T>
    {
        Guard.NotNull(values, nameof(values), "the values to label on the log axis");
        var given = values.ToArray();
        var numbers = PositiveValues(given, nameof(values));
        if (numbers.Length == 0)
        {
            throw new ArgumentException("values (the values to label on the log axis) is empty; pass at least one value.", nameof(values));
        }

        var ticks = new List<Tick>();
        for (var i = 0; i < given.Length; i++)
        {
            var text = label is null ? numbers[i].ToString("G", CultureInfo.InvariantCulture) : label(given[i]) ?? string.Empty;
            ticks.Add(Tick.Major(Math.Log10(numbers[i]), text));
        }

        if (minorTicks)
        {
            var majors = numbers.Select(Math.Log10).ToArray();
            var minorValues = LogTickValues(numbers.Min(), numbers.Max(), 1, 2, 3, 4, 5, 6, 7, 8, 9);
            foreach (var position in minorValues.Select(Math.Log10))
            {
                if (!majors.Any(m => Math.Abs(m - position) < 1e-9))
                {
                    ticks.Add(Tick.Minor(position));
                }
            }
        }

        return [.. ticks];
    }

    /// <summary>
    /// Labels a logarithmic axis: the axis shows <see cref="LogTicks{T}"/> of <paramref name="values"/> (and nothing else).
    /// Plot the data as log₁₀ first (<see cref="Log10{T}"/>); say "log scale" in the axis label.
    /// </summary>
    /// <typeparam name="T">Any number type (int, long, double, …).</typeparam>
    /// <param name="axis">The axis, e.g. <c>plot.Axes.Left</c> or <c>plot.Axes.Bottom</c>.</param>
    /// <param name="values">The values to label, data units. Range: each &gt; 0 and finite; at least one.</param>
    /// <param name="label">Formats a value as its tick label; null: the value in invariant culture.</param>
    /// <param name="minorTicks">Whether to add minor ticks at 2…9 × 10ᵏ; default true.</param>
    /// <returns>The ticks the axis now shows.</returns>
    public static Tick[] SetLogTicks<T>(IAxis axis, IEnumerable<T> values, Func<T, string>? label = null, bool minorTicks = true)
        where T : INumberBase<T>
    {
        Guard.NotNull(axis, nameof(axis), "the axis to label, e.g. plot.Axes.Left");
        var ticks = LogTicks(values, label, minorTicks);
        axis.TickGenerator = new NumericManual(ticks);
        return ticks;
    }

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

    private static double Decade(double mantissa, int exponent) =>
        exponent >= 0 ? mantissa * Math.Pow(10, exponent) : mantissa / Math.Pow(10, -exponent);

    private static double[] PositiveValues<T>(IEnumerable<T> values, string name) where T : INumberBase<T>
    {
        Guard.NotNull(values, name, "the values on the log axis");
        var numbers = values.Select(double.CreateChecked).ToArray();
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!double.IsFinite(numbers[i]) || numbers[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(name, numbers[i],
                    $"{name} has {Guard.Show(numbers[i])} at index {i}; a log axis holds only finite values above 0.");
            }
        }

        return numbers;
    }
}
