namespace ServingMath.Tests;

/// <summary>Every chart a test makes is rendered and kept as a PNG beside the test assembly (<c>charts/</c>), to look at.</summary>
internal static class ChartFiles
{
    internal static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "charts");

    /// <summary>Renders <paramref name="plot"/> with <see cref="Charts.ToPng"/>, writes it to <c>charts/name.png</c>, returns the bytes.</summary>
    internal static byte[] Render(ScottPlot.Plot plot, string name, int width = Charts.Width, int height = Charts.Height)
    {
        var png = Charts.ToPng(plot, width, height);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(Path.Combine(Directory, name + ".png"), png);
        return png;
    }
}
