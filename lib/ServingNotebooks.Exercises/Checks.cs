using System.Collections;
using System.Globalization;

namespace ServingNotebooks.Exercises;

/// <summary>
/// The one rule for whether a learner's value answers a part, shared by the notebooks' checks (<see cref="Notebook"/>) and
/// the grader's scoring, so a ✔ in the notebook and the grade cannot disagree; and how a value is shown in feedback.
/// </summary>
public static class Checks
{
    /// <summary>
    /// Whether <paramref name="actual"/> answers a part whose answer is <paramref name="expected"/>: real numbers within
    /// |a − e| ≤ tolerance × max(1, |e|); whole numbers and indexes exactly (any integer type, or a double with no fraction);
    /// null only where null ("nothing fits") is expected; index lists in order; names as a set (ignoring case, spaces and
    /// order, with the part's synonyms); a letter ignoring case and spaces.
    /// </summary>
    /// <param name="kind">How the part's answer is compared.</param>
    /// <param name="actual">The learner's value.</param>
    /// <param name="expected">The library's answer.</param>
    /// <param name="tolerance">The relative tolerance for real numbers. Range: ≥ 0.</param>
    /// <param name="synonyms">For names: other documented names that count as an expected one (synonym → name), or null.</param>
    public static bool Matches(AnswerKind kind, object? actual, object? expected, double tolerance, IReadOnlyDictionary<string, string>? synonyms = null) => kind switch
    {
        AnswerKind.Number => AsDouble(actual) is double a && expected is double x && AnswerComparison.Close(a, x, tolerance),
        AnswerKind.Integer => AnswerComparison.SameWhole(actual, expected),
        AnswerKind.NullableIndex => expected is null ? actual is null : AnswerComparison.SameWhole(actual, expected),
        AnswerKind.IndexList => actual is IEnumerable<int> a && expected is IEnumerable<int> x && a.SequenceEqual(x),
        AnswerKind.NameList => actual is IEnumerable<string> a && expected is IEnumerable<string> x
            && AnswerComparison.CompareItems(a.Select(n => Synonym(n, synonyms)), x) is { Missing.Count: 0, Extra.Count: 0 },
        AnswerKind.Choice => actual is string or char && expected is string x
            && string.Equals(actual.ToString()!.Trim(), x, StringComparison.OrdinalIgnoreCase),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown answer kind"),
    };

    /// <summary>
    /// Whether a value is a starter's placeholder, "not answered yet": NaN, −1 (also as a real number), null where null is no
    /// answer, an empty list, or an empty or blank letter.
    /// </summary>
    /// <param name="kind">How the part's answer is compared (null is an answer, "nothing fits", only for an index).</param>
    /// <param name="value">The learner's value.</param>
    public static bool IsPlaceholder(AnswerKind kind, object? value) => value switch
    {
        null => kind != AnswerKind.NullableIndex,
        double d => double.IsNaN(d) || d == -1,
        float f => float.IsNaN(f) || f == -1,
        int i => i == -1,
        long l => l == -1,
        string s => string.IsNullOrWhiteSpace(s),
        char c => char.IsWhiteSpace(c) || c == '\0',
        IEnumerable e => !e.Cast<object?>().Any(),
        _ => false,
    };

    /// <summary>"nothing yet for questions 3, 6": the 1-based positions in <paramref name="expected"/> of the missing items.</summary>
    /// <param name="missing">The expected items not given.</param>
    /// <param name="expected">The expected items, in order.</param>
    /// <param name="itemLabel">What a position is called, e.g. "question".</param>
    public static string NothingYetFor(IReadOnlyList<string> missing, IReadOnlyList<string> expected, string itemLabel)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(expected);
        var lacking = new HashSet<string>(missing.Select(m => m.Trim()), StringComparer.OrdinalIgnoreCase);
        var positions = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            if (lacking.Contains(expected[i].Trim()))
            {
                positions.Add((i + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        var label = positions.Count == 1 ? itemLabel : itemLabel + "s";
        return $"nothing yet for {label} {string.Join(", ", positions)}";
    }

    /// <summary>A value as feedback shows it: 10 significant digits, [1, 2] for lists, "null (nothing fits)".</summary>
    /// <param name="value">The value.</param>
    public static string Show(object? value) => value switch
    {
        null => "null (nothing fits)",
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        string s => s,
        IEnumerable<int> indexes => $"[{string.Join(", ", indexes)}]",
        IEnumerable<double> numbers => $"[{string.Join(", ", numbers.Select(n => n.ToString("G", CultureInfo.InvariantCulture)))}]",
        IEnumerable<string> names => $"[{string.Join(", ", names)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    /// <summary>The expected name a documented synonym stands for (the name itself, trimmed, when it is none).</summary>
    /// <param name="name">A name the learner wrote.</param>
    /// <param name="synonyms">Synonym → name, compared ignoring case; null for none.</param>
    public static string Synonym(string? name, IReadOnlyDictionary<string, string>? synonyms)
    {
        var trimmed = (name ?? string.Empty).Trim();
        return synonyms?.FirstOrDefault(s => string.Equals(s.Key, trimmed, StringComparison.OrdinalIgnoreCase)).Value ?? trimmed;
    }

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => AnswerComparison.AsWhole(value),
    };
}
