using ScottPlot;

namespace ServingMath;

/// <summary>
/// One look for every figure in the workbook: a ScottPlot <see cref="PlotStyle"/> (<see cref="Style"/>) with one palette
/// (<see cref="Palette"/>, ScottPlot's Category10), from which every named color comes. ScottPlot draws no text at all when
/// it cannot find a font (it fails silently on a Linux machine without fonts), so the font family is set explicitly.
/// </summary>
/// <remarks>
/// The helpers are split by concern: this file holds the look and the rendering; <c>Charts.LogAxis.cs</c> the logarithmic
/// axes; <c>Charts.StackedBars.cs</c> the stacked bars.
/// </remarks>
public static partial class Charts
{
    /// <summary>The font family every chart uses (installed with the DejaVu fonts on most Linux systems).</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Default width of a figure, pixels.</summary>
    public const int Width = 720;

    /// <summary>Default height of a figure, pixels.</summary>
    public const int Height = 420;

    /// <summary>
    /// The workbook's one palette: ScottPlot's <see cref="ScottPlot.Palettes.Category10"/> (matplotlib's and Vega's
    /// default). New plottables take its colors in order; the named colors below are entries of it.
    /// </summary>
    public static IPalette Palette { get; } = new ScottPlot.Palettes.Category10();

    /// <summary>Time spent waiting in a queue (Category10 gray), in every figure.</summary>
    public static Color QueueColor => Palette.GetColor(7);

    /// <summary>Prefill: admission to the first token (Category10 blue), in every figure.</summary>
    public static Color PrefillColor => Palette.GetColor(0);

    /// <summary>Decode: first token to last token (Category10 orange), in every figure.</summary>
    public static Color DecodeColor => Palette.GetColor(1);

    /// <summary>Post-processing after the last token (Category10 green).</summary>
    public static Color PostColor => Palette.GetColor(2);

    /// <summary>A request the replicas did not serve: the fallback's answer time (Category10 red).</summary>
    public static Color FallbackColor => Palette.GetColor(3);

    /// <summary>
    /// The colors of the parts of a stacked bar, bottom of the stack first: <see cref="QueueColor"/>,
    /// <see cref="PrefillColor"/>, <see cref="DecodeColor"/>, <see cref="PostColor"/>, then the rest of
    /// <see cref="Palette"/> (red reserved for the fallback, and gray, are not repeated) — so that the same part has the
    /// same color in every figure of the workbook.
    /// </summary>
    public static IReadOnlyList<Color> PartColors { get; } =
        [QueueColor, PrefillColor, DecodeColor, PostColor, .. new[] { 4, 5, 6, 8 }.Select(Palette.GetColor)];

    /// <summary>
    /// The workbook's plot style: ScottPlot's light style (white background, black axes, faint grid) with
    /// <see cref="Palette"/>. <see cref="NewPlot"/> applies it; <c>Style.Apply(plot)</c> applies it to any plot.
    /// </summary>
    public static PlotStyle Style { get; } = new ScottPlot.PlotStyles.Light { Palette = Palette };

    /// <summary>
    /// A new plot in the workbook's style (<see cref="Style"/>, <see cref="FontFamily"/>), with a title and axis labels
    /// (put the unit in the label: "latency (ms)").
    /// </summary>
    /// <param name="title">The figure title.</param>
    /// <param name="xLabel">The horizontal axis label, with its unit.</param>
    /// <param name="yLabel">The vertical axis label, with its unit.</param>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.SetStyle(Style);
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
}
