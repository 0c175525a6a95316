using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading;

/// <summary>One notebook for a grading worker: where it is and what to read from its kernel.</summary>
/// <param name="Path">The submitted notebook's full path.</param>
/// <param name="AnswerVariable">The variable to read after the learner's cells.</param>
/// <param name="HiddenCalls">C# calls of the learner's function to evaluate after the cells (may be empty).</param>
public sealed record WorkerNotebook(string Path, string AnswerVariable, IReadOnlyList<string> HiddenCalls);

/// <summary>
/// What a grading worker process is asked to do: run these notebooks one after another, each in a fresh
/// kernel, and append one <see cref="NotebookObservation"/> per notebook, as a JSON line, to <see cref="ResultPath"/>.
/// </summary>
/// <param name="Notebooks">The notebooks, in order.</param>
/// <param name="CellTimeoutSeconds">The per-cell timeout.</param>
/// <param name="ResultPath">The JSON Lines file the worker appends to.</param>
public sealed record GradeJob(IReadOnlyList<WorkerNotebook> Notebooks, double CellTimeoutSeconds, string ResultPath)
{
    /// <summary>The JSON settings every grading file uses.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
