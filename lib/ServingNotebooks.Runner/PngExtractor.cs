using System.Text.RegularExpressions;

namespace ServingNotebooks.Runner;

/// <summary>Finds PNG images in cell outputs: <c>image/png</c> values and <c>data:image/png;base64,…</c> URIs in HTML.</summary>
public static partial class PngExtractor
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG images in <paramref name="output"/>: its <c>image/png</c> value if it has one, else the data-URI images in its <c>text/html</c>.</summary>
    /// <param name="output">A cell output.</param>
    public static IReadOnlyList<byte[]> Extract(CellOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var images = new List<byte[]>();
        if (output.Data.TryGetValue("image/png", out var base64))
        {
            if (TryDecode(base64, out var png))
            {
                images.Add(png);
            }
        }
        else if (output.Data.TryGetValue("text/html", out var html))
        {
            foreach (Match match in DataUri().Matches(html))
            {
                if (TryDecode(match.Groups[1].Value, out var png))
                {
                    images.Add(png);
                }
            }
        }

        return images;
    }

    /// <summary>True when <paramref name="bytes"/> starts with the PNG signature.</summary>
    /// <param name="bytes">Bytes to check.</param>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(PngSignature);

    private static bool TryDecode(string base64, out byte[] png)
    {
        png = [];
        var text = base64.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Trim();
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || !IsPng(buffer.AsSpan(0, written)))
        {
            return false;
        }

        png = buffer[..written];
        return true;
    }

    [GeneratedRegex(@"data:image/png;base64,([A-Za-z0-9+/=\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DataUri();
}
