using System.Globalization;
using System.Numerics;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ServingMath;

public static partial class Charts
{
    /// <summary>
    /// The position of a value on a logarithmic axis: log₁₀(value). ScottPlot 5 draws a log scale the way its cookbook
    /// recipe ("Log Scale") does: plot log₁₀ of the data on an ordinary axis, then give the axis ticks whose labels are the
    /// real values and minor ticks from its <see cref="LogMinorTickGenerator"/>. <see cref="SetLogTicks{T}"/> does the second
    /// step with the values you choose as labels.
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
            var low = majors.Min();
            var high = majors.Max();
            foreach (var position in LogPaperMinorPositions(low, high))
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
    /// The minor ticks of log paper between two positions (decades): log₁₀ of 2, 3, …, 9 × 10ᵏ, from ScottPlot's
    /// <see cref="LogMinorTickGenerator"/> with ten divisions over the whole decades that cover the range.
    /// </summary>
    private static double[] LogPaperMinorPositions(double low, double high)
    {
        var first = Math.Floor(low);
        var last = Math.Max(Math.Ceiling(high), first + 1);
        var decades = Enumerable.Range(0, (int)(last - first) + 1).Select(k => first + k).ToArray();
        var generator = new LogMinorTickGenerator { Divisions = 10 };
        return [.. generator.GetMinorTicks(decades, new CoordinateRange(low, high))
            .Where(p => p >= low - 1e-12 && p <= high + 1e-12)
            .Distinct()
            .Order()];
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
