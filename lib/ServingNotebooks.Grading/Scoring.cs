using System.Globalization;
using ServingMath;

namespace ServingNotebooks.Grading;

/// <summary>The grade of one exercise for one student.</summary>
/// <param name="Number">The exercise number.</param>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Feedback">Lines of feedback: what was expected, what was found, a hint.</param>
public sealed record ExerciseGrade(int Number, string Notebook, double Points, double MaxPoints, IReadOnlyList<string> Feedback);

/// <summary>
/// Turns what the grader saw into points. The answer variable earns half the points and the hidden
/// cases share the other half; an exercise with no function (the trace checklist) is graded on its
/// answer alone, with partial credit for each right name. Printed text never counts.
/// </summary>
public static class Scoring
{
    /// <summary>Grades one exercise from one observation (null when the notebook was not run).</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="observation">What the grader saw, or null when the submission lacks the notebook.</param>
    public static ExerciseGrade Grade(Exercise exercise, NotebookObservation? observation)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        var feedback = new List<string>();
        if (observation is null || observation.Outcome == NotebookOutcome.Missing)
        {
            feedback.Add($"{exercise.Notebook} is not in the submission.");
            return new(exercise.Number, exercise.Notebook, 0, exercise.Points, feedback);
        }

        if (observation.Outcome != NotebookOutcome.Ran)
        {
            feedback.Add(observation.Problem ?? $"the notebook could not be run ({observation.Outcome}).");
            return new(exercise.Number, exercise.Notebook, 0, exercise.Points, feedback);
        }

        feedback.AddRange(observation.CellErrors.Take(3).Select(e => $"A cell failed: {e}"));
        var hasFunction = exercise.FunctionName is not null && exercise.HiddenCases.Count > 0;
        var answerShare = hasFunction ? 0.5 : 1.0;
        var (answerCredit, answerLine) = Compare(exercise, exercise.AnswerVariable, exercise.Expected, observation.Answer);
        feedback.Add(answerLine);
        var points = answerShare * answerCredit * exercise.Points;

        if (hasFunction)
        {
            var perCase = (1 - answerShare) * exercise.Points / exercise.HiddenCases.Count;
            var passed = 0;
            for (var i = 0; i < exercise.HiddenCases.Count; i++)
            {
                var hidden = exercise.HiddenCases[i];
                var seen = i < observation.Hidden.Count ? observation.Hidden[i] : null;
                var call = $"{exercise.FunctionName}{hidden.Describe()}";
                var (credit, line) = Compare(exercise, call, hidden.Expected, seen);
                points += perCase * (credit >= 1 ? 1 : 0);
                passed += credit >= 1 ? 1 : 0;
                if (credit < 1)
                {
                    feedback.Add($"Hidden case {line}");
                }
            }

            feedback.Add($"{passed} of {exercise.HiddenCases.Count} hidden cases of {exercise.FunctionName} passed.");
        }

        if (points < exercise.Points)
        {
            feedback.Add($"Hint: {exercise.Hint}");
        }

        return new(exercise.Number, exercise.Notebook, Math.Round(points, 2), exercise.Points, feedback);
    }

    private static (double Credit, string Line) Compare(Exercise exercise, string what, object? expected, ObservedValue? seen)
    {
        var shownExpected = Show(expected);
        if (seen is null || !seen.Defined)
        {
            var why = seen?.Error is { Length: > 0 } e ? $" ({e})" : string.Empty;
            return (0, $"{what}: expected {shownExpected}, found nothing{why}.");
        }

        var found = seen.Describe();
        switch (exercise.Kind)
        {
            case AnswerKind.Number:
                if (seen.Number is double d && expected is double x && AnswerComparison.Close(d, x, exercise.Tolerance))
                {
                    return (1, $"{what} = {found} ✔");
                }

                break;
            case AnswerKind.Integer:
                if (AnswerComparison.SameWhole(AsWhole(seen), expected))
                {
                    return (1, $"{what} = {found} ✔");
                }

                break;
            case AnswerKind.NullableIndex:
                if ((expected is null && seen.IsNull) || (expected is not null && AnswerComparison.SameWhole(AsWhole(seen), expected)))
                {
                    return (1, $"{what} = {found} ✔");
                }

                break;
            case AnswerKind.NameList:
                return CompareNames(what, (IReadOnlyList<string>)expected!, seen);
            default:
                throw new InvalidOperationException($"unknown answer kind {exercise.Kind}");
        }

        var typeNote = exercise.Kind switch
        {
            AnswerKind.Number when seen.Number is null => $" — it is {Article(seen.TypeName)}, not a number",
            AnswerKind.Integer or AnswerKind.NullableIndex when AsWhole(seen) is null && !seen.IsNull => $" — it is {Article(seen.TypeName)}, not a whole number",
            _ => string.Empty,
        };
        return (0, $"{what}: expected {shownExpected}, found {found}{typeNote}.");
    }

    private static (double Credit, string Line) CompareNames(string what, IReadOnlyList<string> expected, ObservedValue seen)
    {
        if (seen.Names is null)
        {
            return (0, $"{what}: expected a list of {expected.Count} field names, found {Article(seen.TypeName)}.");
        }

        var (missing, extra) = AnswerComparison.CompareItems(seen.Names, expected);
        var right = expected.Count - missing.Count;
        var credit = Math.Max(0, (right - extra.Count) / (double)expected.Count);
        if (missing.Count == 0 && extra.Count == 0)
        {
            return (1, $"{what}: all {expected.Count} fields ✔");
        }

        var parts = new List<string> { $"{right} of {expected.Count} required fields" };
        if (missing.Count > 0)
        {
            parts.Add($"missing {string.Join(", ", missing)}");
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

    private static string Show(object? value) => value switch
    {
        null => "null (nothing fits)",
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        IReadOnlyList<string> names => $"[{string.Join(", ", names)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
