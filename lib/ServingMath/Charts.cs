using ScottPlot;

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
}
