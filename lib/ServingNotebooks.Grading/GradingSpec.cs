using ServingNotebooks.Grading.Spec;

namespace ServingNotebooks.Grading;

/// <summary>
/// The grading spec of the ten exercise notebooks. It lives in the grader, not in the notebooks, so the
/// hidden cases are not in the student version. Every expected value is computed by ServingMath.
/// Each exercise lives in its own file under <c>Spec/</c>.
/// </summary>
public static class GradingSpec
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
    ];

    /// <summary>The exercise graded from a notebook file name (case-insensitive), or null when it is not one of the ten.</summary>
    /// <param name="fileName">A file name or path, e.g. "submissions/ada/04-kv-concurrency.ipynb".</param>
    public static Exercise? ForNotebook(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return Exercises.FirstOrDefault(e => string.Equals(e.Notebook, name, StringComparison.OrdinalIgnoreCase));
    }
}
