using ServingNotebooks.Grading.Hidden;

namespace ServingNotebooks.Grading;

/// <summary>
/// The grading spec of the ten exercise notebooks: the exercises library's specs (<see cref="Specs"/>, the same ones the
/// notebooks' checks read), each with the grader's hidden cases added. The hidden cases live here, not in the library the
/// notebooks load, so they are not in the student version.
/// </summary>
public static class GradingSpec
{
    /// <summary>The ten exercises, in order, with their hidden cases.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        .. Specs.Exercises.Zip(
            new[] { Hidden01.Cases, Hidden02.Cases, Hidden03.Cases, Hidden04.Cases, Hidden05.Cases, Hidden06.Cases, Hidden07.Cases, Hidden08.Cases, Hidden09.Cases, Hidden10.Cases, Hidden11.Cases, Hidden12.Cases, Hidden14.Cases },
            (exercise, hidden) => exercise.WithHiddenCases(hidden)),
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
