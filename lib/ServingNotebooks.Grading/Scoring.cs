using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>The grade of one part of an exercise.</summary>
/// <param name="Name">The part's letter, "a", "b", ….</param>
/// <param name="Title">The part's title.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Feedback">Lines of feedback for this part.</param>
public sealed record PartGrade(string Name, string Title, double Points, double MaxPoints, IReadOnlyList<string> Feedback)
{
    /// <summary>
    /// For the instructor (gradebook.json only, never the feedback): each answer that was wrong or missing, with the value
    /// expected and the value found.
    /// </summary>
    public IReadOnlyList<AnswerMiss> Misses { get; init; } = [];
}

/// <summary>One wrong or missing answer as the instructor sees it in gradebook.json (the learner's feedback names the inputs, not the expected value).</summary>
/// <param name="What">The answer variable ("L") or the hidden call ("Concurrency(5, 3)").</param>
/// <param name="Expected">The library's answer, as text.</param>
/// <param name="Found">What the learner's kernel held, as text ("nothing" when it held nothing).</param>
public sealed record AnswerMiss(string What, string Expected, string Found);

/// <summary>A prediction the learner wrote, as reported (never graded).</summary>
/// <param name="Variable">The prediction's variable.</param>
/// <param name="Question">What it predicts.</param>
/// <param name="Value">The value written, or null when there was none (NaN, missing, not a number).</param>
public sealed record PredictionReport(string Variable, string Question, double? Value);

/// <summary>The grade of one exercise for one student.</summary>
/// <param name="Number">The exercise number.</param>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Feedback">Lines of feedback: the notebook's problems, then each part's lines prefixed "(a)", "(b)", ….</param>
public sealed record ExerciseGrade(int Number, string Notebook, double Points, double MaxPoints, IReadOnlyList<string> Feedback)
{
    /// <summary>Each part's grade, (a) first.</summary>
    public IReadOnlyList<PartGrade> Parts { get; init; } = [];

    /// <summary>The predictions the learner wrote (not graded).</summary>
    public IReadOnlyList<PredictionReport> Predictions { get; init; } = [];
}

/// <summary>
/// Turns what the grader saw into points, part by part. In a part with a function the answer variable earns half the
/// part's points and the hidden cases share the other half — the answer variable, and hidden cases whose answer is the
/// notebook's own, only when the function passes a hidden case with another answer, so a hard-coded answer earns nothing;
/// a part whose function ran one of its off-limits members
/// while a hidden case was evaluated earns 0 ("write it yourself"). A placeholder (NaN, −1, null where null is no answer)
/// reads "not answered yet". A part with no function (the trace checklist) is graded on its answer alone, with partial
/// credit for each right name. Printed text never counts.
/// </summary>
/// <remarks>
/// The feedback teaches without giving the answer away: a wrong value names the inputs (the notebook's, or a hidden
/// case's) and what the learner's function returned, then the part's nudge and formula; it never prints the expected
/// value (nor, for a list of names, the names that are missing — only which questions lack one). The expected values go
/// to <see cref="PartGrade.Misses"/>, which only gradebook.json shows.
/// </remarks>
public static class Scoring
{
    /// <summary>Grades one exercise from one observation (null when the notebook was not run).</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="observation">What the grader saw, or null when the submission lacks the notebook.</param>
    /// <param name="findings">
    /// What the grader read in the notebook's code outside the sandbox (<see cref="SourceWitness"/>), or null when it was not
    /// read: a part whose function refers to an off-limits member earns 0, whatever the worker reported.
    /// </param>
    public static ExerciseGrade Grade(Exercise exercise, NotebookObservation? observation, SourceFindings? findings = null)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        var feedback = new List<string>();
        if (observation is null || observation.Outcome == NotebookOutcome.Missing)
        {
            feedback.Add($"{exercise.Notebook} is not in the submission.");
            return Zero(exercise, feedback);
        }

        if (observation.Outcome != NotebookOutcome.Ran)
        {
            feedback.Add(observation.Problem ?? $"the notebook could not be run ({observation.Outcome}).");
            return Zero(exercise, feedback);
        }

        feedback.AddRange(observation.CellErrors.Take(3).Select(e => $"A cell failed: {e}"));
        feedback.AddRange((findings?.Suspicious ?? []).Select(s => $"For the instructor to look at: {s}."));
        var parts = new List<PartGrade>();
        var offset = 0;
        foreach (var part in exercise.Parts)
        {
            var count = part.FunctionName is null ? 0 : part.HiddenCases.Count;
            var hidden = observation.Hidden.Skip(offset).Take(count).ToList();
            offset += count;
            var grade = GradePart(part, observation.Values.GetValueOrDefault(part.AnswerVariable), hidden, findings?.OffLimitsOf(part.Name));
            parts.Add(grade);
            feedback.AddRange(grade.Feedback.Select(line => $"({part.Name}) {line}"));
        }

        var predictions = exercise.Predictions.Select(p => Report(p, observation.Values.GetValueOrDefault(p.Variable))).ToList();
        feedback.AddRange(predictions.Select(p => p.Value is double v
            ? $"Prediction {p.Variable} = {v.ToString("G6", CultureInfo.InvariantCulture)} ({p.Question}; not graded)."
            : $"Prediction {p.Variable}: none written ({p.Question}; not graded)."));
        var points = Math.Round(parts.Sum(p => p.Points), 2);
        return new(exercise.Number, exercise.Notebook, points, exercise.Points, feedback) { Parts = parts, Predictions = predictions };
    }

    /// <summary>Grades one part from its answer variable and its hidden calls (in the spec's order).</summary>
    /// <param name="part">The part.</param>
    /// <param name="answer">The part's answer variable as read, or null when it was not read.</param>
    /// <param name="hidden">The part's hidden calls as evaluated.</param>
    /// <param name="referenced">The part's off-limits members its function refers to in the notebook's code (<see cref="SourceWitness"/>), or null when the code was not read.</param>
    public static PartGrade GradePart(ExercisePart part, ObservedValue? answer, IReadOnlyList<ObservedValue> hidden, IReadOnlyList<string>? referenced = null)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(hidden);
        var feedback = new List<string>();

        // Two witnesses: the watch in the worker (what ran during the hidden calls) and the code read outside the sandbox.
        var used = part.OffLimits.Where(m => hidden.Any(h => h.AnswerKeyUsed?.Contains(m, StringComparer.Ordinal) == true)
            || referenced?.Contains(m, StringComparer.Ordinal) == true).ToList();
        if (used.Count > 0)
        {
            feedback.Add($"write it yourself: {string.Join(" and ", used)} {(used.Count == 1 ? "is" : "are")} the answer key. "
                + $"{part.FunctionName} may use the library's building blocks, not the member that computes this part's answer.");
            return new(part.Name, part.Title, 0, part.Points, feedback);
        }

        var hasFunction = part.FunctionName is not null && part.HiddenCases.Count > 0;
        var answerShare = hasFunction ? 0.5 : 1.0;
        var misses = new List<AnswerMiss>();
        var answered = false;
        var (answerCredit, answerLine, answerMiss) = Compare(part, part.AnswerVariable, part.Expected, answer);
        feedback.Add(answerLine);
        Record(answerMiss, answer);
        var points = answerShare * answerCredit * part.Points;

        if (hasFunction)
        {
            var perCase = (1 - answerShare) * part.Points / part.HiddenCases.Count;
            var answerPoints = points;
            points = 0;
            var heldElsewhere = false;
            var pending = 0.0;
            var passed = 0;
            for (var i = 0; i < part.HiddenCases.Count; i++)
            {
                var hiddenCase = part.HiddenCases[i];
                var seen = i < hidden.Count ? hidden[i] : null;
                var call = $"{part.FunctionName}{hiddenCase.Describe()}";
                var (credit, line, miss) = Compare(part, call, hiddenCase.Expected, seen);
                passed += credit >= 1 ? 1 : 0;
                if (credit >= 1 && Checks.Matches(part.Kind, hiddenCase.Expected, part.Expected, part.Tolerance, part.NameSynonyms))
                {
                    pending += perCase;   // the notebook's own answer again: counts only beside a case with another answer
                }
                else if (credit >= 1)
                {
                    points += perCase;
                    heldElsewhere = true;
                }
                Record(miss, seen);
                if (credit < 1)
                {
                    feedback.Add($"Hidden case {line}");
                }
            }

            feedback.Add($"{passed} of {part.HiddenCases.Count} hidden cases of {part.FunctionName} passed.");

            // A hard-coded answer earns nothing: the answer variable's share, and the hidden cases whose answer is the notebook's
            // own, count only when the function also holds on a hidden case with another answer (a constant, or a special case
            // for the notebook's inputs, holds on none of those).
            if (heldElsewhere)
            {
                points += answerPoints + pending;
            }
            else if (answerPoints + pending > 0)
            {
                feedback.Add($"{part.FunctionName} holds on no hidden case with another answer than the notebook's: a hard-coded or special-cased answer earns nothing.");
            }
        }

        if (Math.Round(points, 6) < part.Points)
        {
            // Not answered at all: what to look at. Answered but wrong somewhere: what to look at, then the formula.
            feedback.Add($"Look at: {part.Nudge}");
            if (answered && misses.Count > 0)
            {
                feedback.Add($"Formula: {part.Hint}");
            }
        }

        return new(part.Name, part.Title, Math.Round(points, 2), part.Points, feedback) { Misses = misses };

        void Record(AnswerMiss? miss, ObservedValue? seen)
        {
            answered |= seen is { Defined: true } && !IsPlaceholder(part.Kind, seen);
            if (miss is not null)
            {
                misses.Add(miss);
            }
        }
    }

    /// <summary>Whether an observed value is a starter's placeholder: NaN, −1, or null where null is not an answer.</summary>
    /// <param name="kind">How the part's answer is compared.</param>
    /// <param name="seen">The value.</param>
    public static bool IsPlaceholder(AnswerKind kind, ObservedValue seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return seen.Defined && (
            (seen.Number is double d && (double.IsNaN(d) || d == -1))
            || (seen.IsNull && kind != AnswerKind.NullableIndex)
            || (kind == AnswerKind.NameList && seen.Names is { Count: 0 })
            || (kind == AnswerKind.Choice && seen.Text is { } text && string.IsNullOrWhiteSpace(text)));
    }

    private static ExerciseGrade Zero(Exercise exercise, List<string> feedback) =>
        new(exercise.Number, exercise.Notebook, 0, exercise.Points, feedback)
        {
            Parts = [.. exercise.Parts.Select(p => new PartGrade(p.Name, p.Title, 0, p.Points, []))],
        };

    private static PredictionReport Report(Prediction prediction, ObservedValue? seen) =>
        new(prediction.Variable, prediction.Question, seen?.Number is double d && double.IsFinite(d) ? d : null);

    /// <summary>
    /// Compares one value: its credit, the learner's line (the inputs and what was found, never the expected value) and,
    /// when it is wrong or missing, the instructor's record of it (null when right or a placeholder).
    /// </summary>
    private static (double Credit, string Line, AnswerMiss? Miss) Compare(ExercisePart exercise, string what, object? expected, ObservedValue? seen)
    {
        var shownExpected = Show(expected);
        if (seen is null || !seen.Defined)
        {
            var why = seen?.Error is { Length: > 0 } e ? $" ({e})" : string.Empty;
            return (0, $"{what}: found nothing{why}.", new(what, shownExpected, "nothing" + why));
        }

        if (IsPlaceholder(exercise.Kind, seen))
        {
            var placeholder = seen.IsNull ? "null" : seen.Names is { Count: 0 } ? "empty list" : seen.Text is not null ? "empty answer" : seen.Number is double p && double.IsNaN(p) ? "NaN" : "-1";
            return (0, $"{what}: not answered yet (still the starter's {placeholder}).", null);
        }

        var found = seen.Describe();
        switch (exercise.Kind)
        {
            case AnswerKind.Number:
                if (seen.Number is double d && expected is double x && AnswerComparison.Close(d, x, exercise.Tolerance))
                {
                    return (1, $"{what} = {found} ✔", null);
                }

                break;
            case AnswerKind.Integer:
                if (AnswerComparison.SameWhole(AsWhole(seen), expected))
                {
                    return (1, $"{what} = {found} ✔", null);
                }

                break;
            case AnswerKind.NullableIndex:
                if ((expected is null && seen.IsNull) || (expected is not null && AnswerComparison.SameWhole(AsWhole(seen), expected)))
                {
                    return (1, $"{what} = {found} ✔", null);
                }

                break;
            case AnswerKind.NameList:
                var (credit, line) = CompareNames(what, (IReadOnlyList<string>)expected!, seen, exercise.NameSynonyms);
                return (credit, line, credit < 1 ? new(what, shownExpected, found) : null);
            case AnswerKind.IndexList:
                if (seen.Integers is { } indexes && expected is IEnumerable<int> want && indexes.SequenceEqual(want.Select(i => (long)i)))
                {
                    return (1, $"{what} = {found} ✔", null);
                }

                break;
            case AnswerKind.Choice:
                if (seen.Text is { } letter && Checks.Matches(AnswerKind.Choice, letter, expected, exercise.Tolerance))
                {
                    return (1, $"{what} = {found} ✔", null);
                }

                break;
            default:
                throw new InvalidOperationException($"unknown answer kind {exercise.Kind}");
        }

        var typeNote = exercise.Kind switch
        {
            AnswerKind.Number when seen.Number is null => $" — it is {Article(seen.TypeName)}, not a number",
            AnswerKind.Integer or AnswerKind.NullableIndex when AsWhole(seen) is null && !seen.IsNull => $" — it is {Article(seen.TypeName)}, not a whole number",
            AnswerKind.IndexList when seen.Integers is null => $" — it is {Article(seen.TypeName)}, not a list of indexes",
            AnswerKind.Choice when seen.Text is null => $" — it is {Article(seen.TypeName)}, not a letter in quotes",
            _ => string.Empty,
        };
        return (0, $"{what} = {found}{typeNote}: not yet.", new(what, shownExpected, found));
    }

    private static (double Credit, string Line) CompareNames(string what, IReadOnlyList<string> expected, ObservedValue seen,
        IReadOnlyDictionary<string, string>? synonyms)
    {
        if (seen.Names is null)
        {
            return (0, $"{what}: expected a list of {expected.Count} field names, found {Article(seen.TypeName)}.");
        }

        var (missing, extra) = AnswerComparison.CompareItems(seen.Names.Select(n => Synonym(n.Trim(), synonyms)), expected);
        var right = expected.Count - missing.Count;
        var credit = Math.Max(0, (right - extra.Count) / (double)expected.Count);
        if (missing.Count == 0 && extra.Count == 0)
        {
            return (1, $"{what}: all {expected.Count} fields ✔");
        }

        var parts = new List<string> { $"{right} of {expected.Count} required fields" };
        if (missing.Count > 0)
        {
            // Which questions lack a field (the expected names answer the notebook's questions in order), not the names.
            parts.Add(Checks.NothingYetFor(missing, expected, "question"));
        }

        if (extra.Count > 0)
        {
            parts.Add($"not expected {string.Join(", ", extra)} (each costs one)");
        }

        return (credit, $"{what}: {string.Join("; ", parts)}.");
    }

    private static long? AsWhole(ObservedValue seen) => seen.Integer ?? AnswerComparison.AsWhole(seen.Number);

    private static string Article(string? typeName) =>
        typeName is null ? "something else" : ("aeiou".Contains(char.ToLowerInvariant(typeName[0])) ? "an " : "a ") + typeName;

    /// <summary>The expected name a documented synonym stands for (the name itself when it is none).</summary>
    private static string Synonym(string name, IReadOnlyDictionary<string, string>? synonyms) =>
        synonyms?.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? name;

    private static string Show(object? value) => value switch
    {
        null => "null (nothing fits)",
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        IReadOnlyList<string> names => $"[{string.Join(", ", names)}]",
        IEnumerable<int> indexes => $"[{string.Join(", ", indexes)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
