using System.Globalization;

namespace ServingMath;

/// <summary>
/// Instant feedback for the exercise notebooks' check cells: compare a learner's answer with the
/// library's answer for the same inputs and say what is right or what to look at. A check never
/// throws on a wrong answer (the notebook keeps running); it returns a <see cref="CheckResult"/>.
/// </summary>
public static class Checks
{
    /// <summary>
    /// Checks a number against the expected one, within a relative tolerance:
    /// |actual − expected| ≤ tolerance × max(1, |expected|).
    /// </summary>
    /// <param name="name">The variable's name as the learner sees it, e.g. "L".</param>
    /// <param name="actual">The learner's answer.</param>
    /// <param name="expected">The library's answer for the same inputs.</param>
    /// <param name="hint">What to look at when the answer is wrong.</param>
    /// <param name="tolerance">The relative tolerance. Range: ≥ 0. Default 1e-6.</param>
    public static CheckResult Close(string name, double actual, double expected, string hint, double tolerance = 1e-6)
    {
        Guard.NonNegative(tolerance, nameof(tolerance), "relative tolerance");
        if (double.IsNaN(actual))
        {
            return Fail(name, "has no answer yet (it is NaN)", expected, hint);
        }

        return AnswerComparison.Close(actual, expected, tolerance) ? Pass(name, Show(actual)) : Fail(name, $"is {Show(actual)}", expected, hint);
    }

    /// <summary>Checks a whole number, an index or a nullable index (null = "nothing fits") for equality.</summary>
    /// <typeparam name="T">int, long, int? or another type with value equality.</typeparam>
    /// <param name="name">The variable's name as the learner sees it.</param>
    /// <param name="actual">The learner's answer.</param>
    /// <param name="expected">The library's answer for the same inputs.</param>
    /// <param name="hint">What to look at when the answer is wrong.</param>
    public static CheckResult Equal<T>(string name, T actual, T expected, string hint) =>
        EqualityComparer<T>.Default.Equals(actual, expected) || AnswerComparison.SameWhole(actual, expected)
            ? Pass(name, ShowAny(actual))
            : Fail(name, $"is {ShowAny(actual)}", expected, hint);

    /// <summary>
    /// Checks that a list names exactly the expected items, in any order, ignoring case and
    /// surrounding spaces. The message lists what is missing and what is extra.
    /// </summary>
    /// <param name="name">The variable's name as the learner sees it.</param>
    /// <param name="actual">The learner's list (null counts as empty).</param>
    /// <param name="expected">The items that must be there.</param>
    /// <param name="hint">What to look at when the list is wrong.</param>
    public static CheckResult SameItems(string name, IEnumerable<string>? actual, IEnumerable<string> expected, string hint)
    {
        Guard.NotNull(expected, nameof(expected), "expected items");
        var want = expected.ToList();
        var (missing, extra) = AnswerComparison.CompareItems(actual, want);
        if (missing.Count == 0 && extra.Count == 0)
        {
            return Pass(name, $"all {want.Count} items");
        }

        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"missing {string.Join(", ", missing)}");
        }

        if (extra.Count > 0)
        {
            parts.Add($"not expected {string.Join(", ", extra)}");
        }

        return new CheckResult(name, false, $"✘ {name}: {string.Join("; ", parts)}. Hint: {hint}");
    }

    private static CheckResult Pass(string name, string shown) => new(name, true, $"✔ {name} = {shown} — correct.");

    private static CheckResult Fail<T>(string name, string what, T expected, string hint) =>
        new(name, false, $"✘ {name} {what}; expected {ShowAny(expected)}. Hint: {hint}");

    private static string Show(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static string ShowAny<T>(T value) => value switch
    {
        null => "null (nothing fits)",
        double d => Show(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}

/// <summary>The outcome of one check.</summary>
/// <param name="Name">The variable checked.</param>
/// <param name="Passed">True when the answer is right.</param>
/// <param name="Message">One line of feedback: ✔ with the value, or ✘ with what was expected and a hint.</param>
public sealed record CheckResult(string Name, bool Passed, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
