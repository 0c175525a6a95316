using System.Globalization;

namespace ServingMath;

/// <summary>
/// Instant feedback for the exercise notebooks' check cells: compare a learner's answer with the library's answer for
/// the same inputs and say what is right or what to look at. A check never throws on a wrong answer (the notebook keeps
/// running) and never shows the expected value on its own: a placeholder reads "not answered yet", a first miss gets a
/// nudge, a repeated miss the formula, and only <see cref="Hints.ShowAnswer"/> shows the expected value.
/// </summary>
public static class Checks
{
    /// <summary>
    /// Checks one part of an exercise: calls the learner's function (while watching for the part's off-limits members),
    /// and compares what it returns with the library's answer. Real numbers match within a relative tolerance,
    /// |actual − expected| ≤ tolerance × max(1, |expected|); everything else must be equal (null = "nothing fits").
    /// </summary>
    /// <typeparam name="T">The answer's type: double, int, long, int? (an index or "nothing fits"), int[] (an index list, compared in order).</typeparam>
    /// <param name="exercise">The exercise (notebook) number, 1 to 10.</param>
    /// <param name="part">The part's letter, 'a', 'b', ….</param>
    /// <param name="name">What the learner sees the answer as, e.g. "L".</param>
    /// <param name="answer">Calls the learner's function on the notebook's inputs, e.g. <c>() =&gt; Concurrency(arrivalRate, timeInSystem)</c>.</param>
    /// <param name="expected">The library's answer for the same inputs.</param>
    /// <param name="offLimits">The members that are this part's answer key, "Topic.Member" (e.g. "Queueing.LittlesLaw"): a function that runs one earns nothing.</param>
    /// <param name="nudge">What to look at, shown on the first miss.</param>
    /// <param name="formula">The formula, shown on a repeated miss or by <see cref="Hints.Hint"/>.</param>
    /// <param name="tolerance">The relative tolerance for real numbers. Range: ≥ 0. Default 1e-6 (the grader's).</param>
    /// <returns>✔, ✘ with a nudge or the formula, or "not answered yet".</returns>
    /// <example><c>Checks.Part(1, 'a', "L", () =&gt; Concurrency(12, 2.0), Queueing.LittlesLaw(12, 2.0), ["Queueing.LittlesLaw"], "…", "L = λW")</c></example>
    public static CheckResult Part<T>(
        int exercise, char part, string name, Func<T> answer, T expected,
        IReadOnlyList<string> offLimits, string nudge, string formula, double tolerance = 1e-6)
    {
        Guard.NotNull(answer, nameof(answer), "the call of your function");
        Guard.NotNull(offLimits, nameof(offLimits), "off-limits members");
        Guard.NonNegative(tolerance, nameof(tolerance), "relative tolerance");
        var progress = HintSteps.Register(exercise, part, name, nudge, formula, ShowAny(expected));

        T actual;
        IReadOnlyList<string> used;
        try
        {
            using var watch = AnswerKey.Watch();
            actual = answer();
            used = watch.Used(offLimits);
        }
        catch (NotImplementedException)
        {
            return NotAnswered(name);
        }
        catch (Exception e)
        {
            return new(name, false, $"✘ {name}: your function threw {e.GetType().Name}: {e.Message}");
        }

        if (used.Count > 0)
        {
            return new(name, false,
                $"✘ {name}: write it yourself: {string.Join(" and ", used)} {(used.Count == 1 ? "is" : "are")} the answer key. "
                + "Use the library's building blocks, not the member that computes this part's answer.");
        }

        if (IsPlaceholder(actual))
        {
            return NotAnswered(name);
        }

        return Matches(actual, expected, tolerance) ? Pass(name, ShowAny(actual)) : progress.Miss($"is {ShowAny(actual)}");
    }

    /// <summary>
    /// Compares a prediction written before a figure or simulation with what it showed. Not graded: the point is to
    /// notice the gap.
    /// </summary>
    /// <param name="name">The prediction's variable, e.g. "predictedL".</param>
    /// <param name="predicted">The learner's prediction (NaN when none was written).</param>
    /// <param name="actual">What the figure or simulation showed.</param>
    /// <param name="unit">The unit, e.g. "requests" or "ms".</param>
    /// <returns>One line: the prediction, the outcome, and how far apart they are.</returns>
    public static string Prediction(string name, double predicted, double actual, string unit)
    {
        Guard.Finite(actual, nameof(actual), "the value the figure showed");
        if (double.IsNaN(predicted))
        {
            return $"{name}: no prediction written (it is NaN). The result is {actual.ToString("G4", CultureInfo.InvariantCulture)} {unit}; next time write your guess first.";
        }

        var gap = actual == 0 ? double.NaN : (predicted - actual) / Math.Abs(actual);
        var how = double.IsNaN(gap) ? $"{Show(predicted - actual)} {unit} off"
            : Math.Abs(gap) <= 0.1 ? "within 10 % — well predicted"
            : $"{Math.Abs(gap):P0} too {(gap > 0 ? "high" : "low")}";
        return $"{name}: you predicted {Show(predicted)} {unit}; the result is {Show(actual)} {unit} ({how}).";
    }

    /// <summary>
    /// Checks a number against the expected one, within a relative tolerance:
    /// |actual − expected| ≤ tolerance × max(1, |expected|). A miss shows the hint, never the expected value.
    /// </summary>
    /// <param name="name">The variable's name as the learner sees it, e.g. "L".</param>
    /// <param name="actual">The learner's answer (NaN: not answered yet).</param>
    /// <param name="expected">The library's answer for the same inputs.</param>
    /// <param name="hint">What to look at when the answer is wrong.</param>
    /// <param name="tolerance">The relative tolerance. Range: ≥ 0. Default 1e-6.</param>
    public static CheckResult Close(string name, double actual, double expected, string hint, double tolerance = 1e-6)
    {
        Guard.NonNegative(tolerance, nameof(tolerance), "relative tolerance");
        if (double.IsNaN(actual))
        {
            return NotAnswered(name);
        }

        return Matches(actual, expected, tolerance) ? Pass(name, Show(actual)) : Fail(name, $"is {Show(actual)}", hint);
    }

    /// <summary>Checks a whole number, an index or a nullable index (null = "nothing fits") for equality; −1 reads "not answered yet".</summary>
    /// <typeparam name="T">int, long, int? or another type with value equality.</typeparam>
    /// <param name="name">The variable's name as the learner sees it.</param>
    /// <param name="actual">The learner's answer.</param>
    /// <param name="expected">The library's answer for the same inputs.</param>
    /// <param name="hint">What to look at when the answer is wrong.</param>
    public static CheckResult Equal<T>(string name, T actual, T expected, string hint)
    {
        if (IsPlaceholder(actual))
        {
            return NotAnswered(name);
        }

        return EqualityComparer<T>.Default.Equals(actual, expected) || AnswerComparison.SameWhole(actual, expected)
            ? Pass(name, ShowAny(actual))
            : Fail(name, $"is {ShowAny(actual)}", hint);
    }

    /// <summary>
    /// Checks that a list names exactly the expected items, in any order, ignoring case and
    /// surrounding spaces. The message names the extra items (the learner's own words) and says which positions of the
    /// expected list — e.g. which questions, when the expected items answer numbered questions in order — have no item
    /// yet, never the missing items themselves.
    /// </summary>
    /// <param name="name">The variable's name as the learner sees it.</param>
    /// <param name="actual">The learner's list (null or empty: not answered yet).</param>
    /// <param name="expected">The items that must be there, in the order of what they answer.</param>
    /// <param name="hint">What to look at when the list is wrong.</param>
    /// <param name="itemLabel">What a position of <paramref name="expected"/> is called in the message, e.g. "question". Default "item".</param>
    /// <example><c>Checks.SameItems("fields", fields, Tracing.RequiredFields, "one field per question", itemLabel: "question")</c>
    /// on a list without tpot_ms says "✘ fields: nothing yet for question 6".</example>
    public static CheckResult SameItems(string name, IEnumerable<string>? actual, IEnumerable<string> expected, string hint, string itemLabel = "item")
    {
        Guard.NotNull(expected, nameof(expected), "expected items");
        var have = new HashSet<string>((actual ?? []).Where(s => s is not null).Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        if (have.Count == 0)
        {
            return NotAnswered(name);
        }

        var want = expected.ToList();
        var (missing, extra) = AnswerComparison.CompareItems(actual, want);
        if (missing.Count == 0 && extra.Count == 0)
        {
            return Pass(name, $"all {want.Count} items");
        }

        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add(NothingYetFor(missing, want, itemLabel));
        }

        if (extra.Count > 0)
        {
            parts.Add($"not expected {string.Join(", ", extra)}");
        }

        return new CheckResult(name, false, $"✘ {name}: {string.Join("; ", parts)}. Hint: {hint}");
    }

    /// <summary>Whether a value is a starter's placeholder: NaN, −1 (also as a real number), or null for a type where null is no answer.</summary>
    /// <param name="value">The learner's answer.</param>
    /// <typeparam name="T">Its declared type (null is an answer, "nothing fits", only for nullable value types such as int?).</typeparam>
    public static bool IsPlaceholder<T>(T value) => value switch
    {
        null => Nullable.GetUnderlyingType(typeof(T)) is null,
        double d => double.IsNaN(d) || d == -1,
        float f => float.IsNaN(f),
        int i => i == -1,
        long l => l == -1,
        _ => false,
    };

    /// <summary>"nothing yet for questions 3, 6": the 1-based positions in <paramref name="expected"/> of the missing items.</summary>
    /// <param name="missing">The expected items not given.</param>
    /// <param name="expected">The expected items, in order.</param>
    /// <param name="itemLabel">What a position is called, e.g. "question".</param>
    public static string NothingYetFor(IReadOnlyList<string> missing, IReadOnlyList<string> expected, string itemLabel)
    {
        Guard.NotNull(missing, nameof(missing), "missing items");
        Guard.NotNull(expected, nameof(expected), "expected items");
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

    internal static CheckResult NotAnswered(string name) =>
        new(name, false, $"… {name}: not answered yet — complete the function, run its cell, then this check.") { Answered = false };

    private static bool Matches<T>(T actual, T expected, double tolerance) => (actual, expected) switch
    {
        (double a, double x) => AnswerComparison.Close(a, x, tolerance),
        (int[] a, int[] x) => a.SequenceEqual(x),
        _ => EqualityComparer<T>.Default.Equals(actual, expected) || AnswerComparison.SameWhole(actual, expected),
    };

    private static CheckResult Pass(string name, string shown) => new(name, true, $"✔ {name} = {shown} — correct.");

    private static CheckResult Fail(string name, string what, string hint) =>
        new(name, false, $"✘ {name} {what} — not yet. Hint: {hint}");

    private static string Show(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    internal static string ShowAny<T>(T value) => value switch
    {
        null => "null (nothing fits)",
        double d => Show(d),
        int[] indexes => $"[{string.Join(", ", indexes)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
