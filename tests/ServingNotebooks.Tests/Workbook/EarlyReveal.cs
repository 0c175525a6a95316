using System.Globalization;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>
/// How a part's seed answer would look if a lesson cell gave it away: the ways the number is written in prose and printed in
/// outputs, as patterns to look for in the cells before the part's check.
/// </summary>
/// <remarks>
/// A whole number counts only as a result — after =, ≈, →, a colon, "means" or "gives", or as a table cell — since
/// inputs and unrelated counts share small numbers with answers ("40 output tokens", "128 KiB"). Two digits or more count in
/// prose and in printed output; a one-digit number only in printed output (prose says "c = 4 replicas" of an input); neither
/// in code, where "= 40" assigns an input. A fraction counts anywhere in prose and output where it stands alone (it is
/// rarely a coincidence), rounded to 2, 3 and 4 significant digits (not 0.99929 as "1.00": a rounding into the next decade
/// reads as another number) and, from 100 up, to one decimal and as a whole number; a list of three or more indexes as the list. Code is not
/// searched for fractions or lists either: its numbers are the inputs (an SLO of 0.999 beside an answer of 0.99929).
/// Name lists and null answers have no numeric form and are skipped.
/// </remarks>
internal static partial class EarlyReveal
{
    private const string ResultMarker = @"(?:=|≈|→|:|\bmeans|\bgives|<td[^>]*>|\|)\s*\$?";

    /// <summary>The patterns that give <paramref name="expected"/> away in each kind of text; all empty when it has no numeric form.</summary>
    public static RevealPatterns Patterns(object? expected) => expected switch
    {
        null or string => RevealPatterns.None,
        int or long => WholeNumber(Convert.ToInt64(expected, CultureInfo.InvariantCulture)),
        double d when double.IsFinite(d) && d == Math.Round(d) && Math.Abs(d) < 1e15 => WholeNumber((long)d),
        double d when double.IsFinite(d) => Everywhere(Fraction(d)),
        IEnumerable<int> indexes when indexes.Count() >= 3 => Everywhere([new Regex(string.Join(@"[,;\s]+", indexes.Select(i => Standalone(i.ToString(CultureInfo.InvariantCulture)))))]),
        _ => RevealPatterns.None,
    };

    /// <summary>The first place in <paramref name="text"/> that gives the answer away, with some context; null when none does.</summary>
    public static string? FindIn(string text, IReadOnlyList<Regex> patterns)
    {
        foreach (var pattern in patterns)
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                var start = Math.Max(0, match.Index - 60);
                var end = Math.Min(text.Length, match.Index + match.Length + 20);
                return $"'{match.Value}' in …{text[start..end].ReplaceLineEndings(" ")}…";
            }
        }

        return null;
    }

    private static RevealPatterns Everywhere(List<Regex> patterns) => new(patterns, [], patterns);

    private static RevealPatterns WholeNumber(long n)
    {
        var sign = n < 0 ? "[-−]" : string.Empty;
        List<Regex> asResult = [.. Grouped(n).Select(form => new Regex(ResultMarker + sign + Standalone(form)))];
        return Math.Abs(n) < 10 ? new([], [], asResult) : new(asResult, [], asResult);
    }

    private static List<Regex> Fraction(double value)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        foreach (var significant in new[] { 2, 3, 4 })
        {
            var decimals = significant - 1 - magnitude;
            if (decimals >= 1 && Math.Floor(Math.Log10(Math.Round(Math.Abs(value), decimals))) == magnitude)
            {
                forms.Add(Math.Abs(value).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }

        if (Math.Abs(value) >= 100)
        {
            forms.Add(Math.Abs(value).ToString("F1", CultureInfo.InvariantCulture));
            forms.UnionWith(Grouped((long)Math.Round(Math.Abs(value), MidpointRounding.AwayFromZero)));
        }

        var sign = value < 0 ? "[-−]" : string.Empty;
        return [.. forms.Select(form => new Regex(sign + Standalone(form)))];
    }

    /// <summary>A whole number as people and .NET write it: 1234567, 1,234,567 and with (non-breaking, thin) spaces.</summary>
    private static IEnumerable<string> Grouped(long n)
    {
        var plain = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
        yield return plain;
        if (plain.Length > 3)
        {
            var withCommas = Math.Abs(n).ToString("N0", CultureInfo.InvariantCulture);
            foreach (var separator in new[] { ",", " ", "\u00a0", "\u202f", "\u2009" })
            {
                yield return withCommas.Replace(",", separator, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The form, not inside a longer number: 24 matches "= 24 requests" but not "124", "24.5" or "2 024".</summary>
    private static string Standalone(string form) => @"(?<![\d.,]|\d[ \u00a0\u202f\u2009])" + Regex.Escape(form) + @"(?![\d]|[.,]\d|[ \u00a0\u202f\u2009]\d{3}\b)";
}

/// <summary>What gives an answer away in each kind of text a notebook shows.</summary>
/// <param name="InMarkdown">Patterns for lesson prose.</param>
/// <param name="InCode">Patterns for code (only forms that are no input's assignment).</param>
/// <param name="InOutput">Patterns for what a cell printed (text outputs).</param>
internal sealed record RevealPatterns(IReadOnlyList<Regex> InMarkdown, IReadOnlyList<Regex> InCode, IReadOnlyList<Regex> InOutput)
{
    public static RevealPatterns None { get; } = new([], [], []);
}
