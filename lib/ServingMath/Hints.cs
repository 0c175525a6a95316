namespace ServingMath;

/// <summary>
/// Hints a learner asks for in a notebook (setup.dib imports them, so a cell can say <c>Hint(4, 'b')</c>): the formula
/// of a part, and — only on this explicit request — the expected value for the notebook's inputs. They know a part once
/// its check cell has run.
/// </summary>
public static class Hints
{
    /// <summary>The formula of an exercise part. From then on, a miss in that part's check shows the formula too.</summary>
    /// <param name="exercise">The exercise (notebook) number. Range: 1 to 99.</param>
    /// <param name="part">The part's letter, e.g. 'b'.</param>
    /// <returns>One line with the formula, or what to run first.</returns>
    /// <example><c>Hint(1, 'a')</c> is "Hint for 1(a): Little's law: L = λ × W …".</example>
    public static string Hint(int exercise, char part) =>
        HintSteps.Find(exercise, part) is { } progress ? progress.Hint() : NotYet(exercise, part);

    /// <summary>The expected answer of an exercise part for the notebook's own inputs (the last its check compared with).</summary>
    /// <param name="exercise">The exercise (notebook) number. Range: 1 to 99.</param>
    /// <param name="part">The part's letter, e.g. 'b'.</param>
    /// <returns>One line with the expected value, or what to run first.</returns>
    public static string ShowAnswer(int exercise, char part) =>
        HintSteps.Find(exercise, part) is { } progress
            ? $"Answer for {progress.Label}: {progress.Name} = {progress.Expected} for the notebook's inputs. Now make your function give it, for any inputs."
            : NotYet(exercise, part);

    private static string NotYet(int exercise, char part) =>
        $"Run the check cell of part ({char.ToLowerInvariant(part)}) of notebook {exercise} first; it tells this hint which part you mean.";
}
