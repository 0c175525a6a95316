using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading;

/// <summary>One notebook for a grading worker: where it is and what to read from its kernel.</summary>
/// <param name="Path">The submitted notebook's full path.</param>
/// <param name="Variables">The variables to read after the learner's cells.</param>
/// <param name="HiddenCalls">C# calls of the learner's functions to evaluate after the cells, each watched for answer-key members (may be empty).</param>
public sealed record WorkerNotebook(string Path, IReadOnlyList<string> Variables, IReadOnlyList<string> HiddenCalls);

/// <summary>
/// What a grading worker process is asked to do: run these notebooks one after another, each in a fresh
/// kernel, and append one <see cref="NotebookObservation"/> per notebook, as a JSON line, to <see cref="ResultPath"/>.
/// </summary>
/// <param name="Notebooks">The notebooks, in order.</param>
/// <param name="CellTimeoutSeconds">The per-cell timeout.</param>
/// <param name="ResultPath">The JSON Lines file the worker appends one <see cref="WorkerResult"/> per notebook to.</param>
/// <param name="Token">
/// A random value the parent gives the worker on standard input (never on the command line or in a file); the parent
/// accepts only result lines that carry it, so a notebook that appends its own lines to the result file earns nothing.
/// </param>
public sealed record GradeJob(IReadOnlyList<WorkerNotebook> Notebooks, double CellTimeoutSeconds, string ResultPath, string? Token = null)
{
    /// <summary>The JSON settings every grading file uses.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A learner's answer may be NaN or infinite (the starter code returns NaN).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>One line of a worker's result file: which notebook of the job, the job's token, and what was seen.</summary>
/// <param name="Index">The notebook's position in <see cref="GradeJob.Notebooks"/>.</param>
/// <param name="Token">The job's <see cref="GradeJob.Token"/>.</param>
/// <param name="Observation">
/// What the worker saw; null on the lines that say the worker started (<see cref="GradeWorker.StartedIndex"/>) and that it
/// stops after a cell timeout (<see cref="GradeWorker.StoppedIndex"/>).
/// </param>
public sealed record WorkerResult(int Index, string? Token, NotebookObservation? Observation);
