using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>
/// How a part's seed answer would look if a lesson cell gave it away: the ways the number is written in prose and printed in
/// outputs, as patterns to look for in the cells before the part's check.
/// </summary>
/// <remarks>
/// A number of two or more digits counts anywhere it stands alone (not inside a longer number): 24, 1 297.5, 0.43, $0.833.
/// A one-digit whole number is everywhere in prose ("notebook 6", "3 parts"), so it counts only as a result: after =, ≈, →,
/// "means" or "gives" (5.33 replicas means 6; L = 12 × 2 = 24). A fraction is looked for rounded to 2, 3 and 4 significant
/// digits and, from 100 up, as a whole number; a list of three or more indexes as the list. Name lists and null answers have
/// no numeric form and are skipped.
/// </remarks>
internal static partial class EarlyReveal
{
    /// <summary>The patterns that give <paramref name="expected"/> away; empty when it has no numeric form.</summary>
    public static IReadOnlyList<Regex> Patterns(object? expected) => expected switch
    {
        null or string => [],
        int or long => WholeNumber(Convert.ToInt64(expected, CultureInfo.InvariantCulture)),
        double d when double.IsFinite(d) && d == Math.Round(d) && Math.Abs(d) < 1e15 => WholeNumber((long)d),
        double d when double.IsFinite(d) => Fraction(d),
        IEnumerable<int> indexes when indexes.Count() >= 3 => [new Regex(string.Join(@"[,;\s]+", indexes.Select(i => Standalone(i.ToString(CultureInfo.InvariantCulture)))))],
        IEnumerable => [],
        _ => [],
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

    private static List<Regex> WholeNumber(long n)
    {
        var digits = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(n) < 10)
        {
            var sign = n < 0 ? "[-−]" : string.Empty;
            return [new Regex(@"(=|≈|→|\bmeans|\bgives)\s*\$?" + sign + digits + @"(?![\d]|[.,]\d)")];
        }

        return [.. Grouped(n).Select(form => new Regex(Standalone(form)))];
    }

    private static List<Regex> Fraction(double value)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        foreach (var significant in new[] { 2, 3, 4 })
        {
            var decimals = significant - 1 - magnitude;
            if (decimals >= 1)
            {
                forms.Add(Math.Abs(value).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }

        if (Math.Abs(value) >= 100)
        {
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
