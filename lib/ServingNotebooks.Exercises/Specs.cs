using ServingNotebooks.Exercises.Spec;

namespace ServingNotebooks.Exercises;

/// <summary>
/// The ten exercise notebooks' specs, one file each under <c>Spec/</c>: every part's answer key, visible cases, nudge,
/// formula, off-limits members and points, the concept questions and the predictions. The notebooks' checks read them, and
/// so does the grader (which adds its hidden cases). Every expected value is computed by ServingMath.
/// </summary>
public static class Specs
{
    /// <summary>The ten exercises, in order.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise01.Build(),
        Exercise02.Build(),
        Exercise03.Build(),
        Exercise04.Build(),
        Exercise05.Build(),
        Exercise06.Build(),
        Exercise07.Build(),
        Exercise08.Build(),
        Exercise09.Build(),
        Exercise10.Build(),
        Exercise11.Build(),
        Exercise12.Build(),
        Exercise13.Build(),
        Exercise14.Build(),
        Exercise15.Build(),
    ];

    /// <summary>Exercise <paramref name="number"/>.</summary>
    /// <param name="number">The exercise (notebook) number, the number its file name starts with. Range: one of the exercises' numbers.</param>
    /// <exception cref="ArgumentOutOfRangeException">No exercise has that number.</exception>
    public static Exercise Exercise(int number) =>
        Exercises.FirstOrDefault(e => e.Number == number)
            ?? throw new ArgumentOutOfRangeException(nameof(number), number, $"the notebook number must be one of {string.Join(", ", Exercises.Select(e => e.Number))} (the number its file name starts with); got {number}.");

    /// <summary>The exercise graded from a notebook file name (case-insensitive), or null when it is not one of the exercises.</summary>
    /// <param name="fileName">A file name or path, e.g. "submissions/ada/04-kv-concurrency.ipynb".</param>
    public static Exercise? ForNotebook(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return Exercises.FirstOrDefault(e => string.Equals(e.Notebook, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A multiple-choice concept question as a graded part: the answer variable is its name (<c>q1</c>), compared as a letter.
    /// </summary>
    /// <param name="name">The question's name and variable, "q1", "q2", ….</param>
    /// <param name="title">A short title for reports.</param>
    /// <param name="prompt">The question.</param>
    /// <param name="answer">The right option's letter.</param>
    /// <param name="explanation">Why it is right, shown once answered right.</param>
    /// <param name="options">The options, "a" first.</param>
    internal static ExercisePart Choice(string name, string title, string prompt, string answer, string explanation, params ChoiceOption[] options) => new()
    {
        Name = name,
        Title = title,
        AnswerVariable = name,
        Kind = AnswerKind.Choice,
        Expected = answer,
        Nudge = "Reread the question and the options; the lesson above has what you need.",
        Hint = "",
        Points = 1,
        Question = new() { Prompt = prompt, Options = options, Explanation = explanation },
    };
}
