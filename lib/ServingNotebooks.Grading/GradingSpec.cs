using ServingNotebooks.Grading.Hidden;

namespace ServingNotebooks.Grading;

/// <summary>
/// The grading spec of the exercise notebooks (1–10 and the advanced track from 11): the exercises library's specs (<see cref="Specs"/>, the same ones the
/// notebooks' checks read), each with the grader's hidden cases added. The hidden cases live here, not in the library the
/// notebooks load, so they are not in the student version.
/// </summary>
public static class GradingSpec
{
    /// <summary>The exercises, in order, with their hidden cases.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        .. Specs.Exercises.Select(exercise => exercise.WithHiddenCases(HiddenCases[exercise.Number])),
    ];

    // Each exercise's hidden cases by its number (a notebook number, not a position: the advanced track starts at 11).
    private static Dictionary<int, IReadOnlyDictionary<string, IReadOnlyList<PartCase>>> HiddenCases => new()
    {
        [1] = Hidden01.Cases,
        [2] = Hidden02.Cases,
        [3] = Hidden03.Cases,
        [4] = Hidden04.Cases,
        [5] = Hidden05.Cases,
        [6] = Hidden06.Cases,
        [7] = Hidden07.Cases,
        [8] = Hidden08.Cases,
        [9] = Hidden09.Cases,
        [10] = Hidden10.Cases,
        [11] = Hidden11.Cases,
        [12] = Hidden12.Cases,
        [13] = Hidden13.Cases,
        [14] = Hidden14.Cases,
        [15] = Hidden15.Cases,
    };

    /// <summary>The exercise graded from a notebook file name (case-insensitive), or null when it is not one of the exercises.</summary>
    /// <param name="fileName">A file name or path, e.g. "submissions/ada/04-kv-concurrency.ipynb".</param>
    public static Exercise? ForNotebook(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        return Exercises.FirstOrDefault(e => string.Equals(e.Notebook, name, StringComparison.OrdinalIgnoreCase));
    }
}
