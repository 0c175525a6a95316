using ServingMath;

namespace ServingNotebooks.Exercises;

/// <summary>
/// The one rule for comparing a learner's answer with the expected one, shared by the notebooks' check cells
/// (<see cref="Notebook"/>) and the grader's scoring, so a ✔ in the notebook and the grade cannot disagree.
/// </summary>
/// <remarks>
/// Numbers: |actual − expected| ≤ tolerance × max(1, |expected|) (relative for large values, absolute below 1); NaN is
/// never close. Whole numbers: any integer type (<c>int</c>, <c>long</c>, <c>uint</c>, <c>ulong</c>, <c>short</c>,
/// <c>byte</c>, …) or a floating-point value with no fractional part, compared exactly. Lists of names: as sets, ignoring
/// case, surrounding spaces and order.
/// </remarks>
public static class AnswerComparison
{
    /// <summary>Whether <paramref name="actual"/> is within the tolerance of <paramref name="expected"/>: |a − e| ≤ tolerance × max(1, |e|).</summary>
    /// <param name="actual">The learner's answer a.</param>
    /// <param name="expected">The expected answer e.</param>
    /// <param name="tolerance">The relative tolerance. Range: ≥ 0.</param>
    /// <example><code>AnswerComparison.Close(24.0000001, 24, 1e-6) // true</code></example>
    public static bool Close(double actual, double expected, double tolerance)
    {
        Guard.NonNegative(tolerance, nameof(tolerance), "relative tolerance");
        return !double.IsNaN(actual) && Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected));
    }

    /// <summary>
    /// The value as a whole number when it is one: any integer type that fits a <c>long</c>, or a finite
    /// <c>double</c>/<c>float</c>/<c>decimal</c> with no fractional part (|x| &lt; 9·10¹⁵, where doubles are still exact);
    /// null for anything else (null, text, 2.5, NaN).
    /// </summary>
    /// <param name="value">The value.</param>
    /// <example><code>AnswerComparison.AsWhole(40u) // 40</code></example>
    public static long? AsWhole(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        ushort u => u,
        uint u => u,
        ulong u when u <= long.MaxValue => (long)u,
        nint n => n,
        nuint n when n <= long.MaxValue => (long)n,
        decimal m when m == decimal.Truncate(m) && Math.Abs(m) < 9e15m => (long)m,
        double d => WholeDouble(d),
        float f => WholeDouble(f),
        _ => null,
    };

    /// <summary>Whether two values are the same whole number (see <see cref="AsWhole"/>).</summary>
    /// <param name="actual">The learner's answer.</param>
    /// <param name="expected">The expected answer.</param>
    public static bool SameWhole(object? actual, object? expected) =>
        AsWhole(actual) is long a && AsWhole(expected) is long e && a == e;

    /// <summary>The expected names missing from a list, and the names in it that were not expected (ignoring case, spaces and order).</summary>
    /// <param name="actual">The learner's list (null counts as empty; null items are ignored).</param>
    /// <param name="expected">The names that must be there.</param>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Extra) CompareItems(IEnumerable<string?>? actual, IEnumerable<string> expected)
    {
        Guard.NotNull(expected, nameof(expected));
        var have = new HashSet<string>((actual ?? []).OfType<string>().Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        var want = expected.ToList();
        var missing = want.Where(w => !have.Contains(w)).ToList();
        var extra = have.Where(h => !want.Contains(h, StringComparer.OrdinalIgnoreCase)).OrderBy(h => h, StringComparer.Ordinal).ToList();
        return (missing, extra);
    }

    private static long? WholeDouble(double d) =>
        double.IsFinite(d) && Math.Abs(d) < 9e15 && d == Math.Floor(d) ? (long)d : null;
}
