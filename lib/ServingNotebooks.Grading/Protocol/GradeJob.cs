using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading;

/// <summary>One notebook for a grading worker: where it is (as the worker sees it) and what to read from its kernel.</summary>
/// <param name="Path">The staged notebook's full path, as the worker sees it (inside the sandbox when there is one).</param>
/// <param name="AnswerVariable">The variable to read after the learner's cells.</param>
/// <param name="HiddenCallCount">
/// How many hidden calls the grader sends once the learner's cells have run. The calls themselves are not in the job: they
/// reach the worker only after the learner's code has run, so nothing a notebook does can see them in advance.
/// </param>
public sealed record WorkerNotebook(string Path, string AnswerVariable, int HiddenCallCount);

/// <summary>
/// What a grading worker process is asked to do, sent as the first line of its standard input: run these notebooks one after
/// another, each in a fresh kernel, and report on standard output with lines framed by <see cref="Token"/>
/// (<see cref="WorkerChannel"/>).
/// </summary>
/// <param name="Notebooks">The notebooks, in order.</param>
/// <param name="CellTimeoutSeconds">The per-cell timeout.</param>
/// <param name="Token">
/// A random value the grader gives the worker on standard input (never on the command line, in the environment or in a
/// file); the grader accepts only output lines that start with it, so text a notebook prints earns nothing.
/// </param>
public sealed record GradeJob(IReadOnlyList<WorkerNotebook> Notebooks, double CellTimeoutSeconds, string Token)
{
    /// <summary>The JSON settings every grading file and message uses.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A learner's answer may be NaN or infinite (the starter code returns NaN).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>The hidden calls of one notebook, sent by the grader once the worker said the learner's cells have run.</summary>
/// <param name="Index">The notebook's position in <see cref="GradeJob.Notebooks"/>.</param>
/// <param name="Calls">C# calls of the learner's function, e.g. <c>Concurrency(5, 3)</c>.</param>
public sealed record HiddenCalls(int Index, IReadOnlyList<string> Calls);

/// <summary>What a worker line says.</summary>
public enum WorkerEvent
{
    /// <summary>The worker started and read its job (a broken installation never says this).</summary>
    Started,

    /// <summary>The learner's cells of notebook <see cref="WorkerResult.Index"/> have run; the worker waits for its hidden calls.</summary>
    CellsRan,

    /// <summary>Notebook <see cref="WorkerResult.Index"/> is done; <see cref="WorkerResult.Observation"/> says what was seen.</summary>
    Observed,

    /// <summary>A cell timed out and may still be running, so the worker exits; the grader starts a new one for the rest.</summary>
    Stopping,
}

/// <summary>One line a worker reports on its standard output (after the token).</summary>
/// <param name="Event">What happened.</param>
/// <param name="Index">The notebook's position in <see cref="GradeJob.Notebooks"/>, or -1 for <see cref="WorkerEvent.Started"/>.</param>
/// <param name="Observation">What the worker saw, on <see cref="WorkerEvent.Observed"/> lines.</param>
public sealed record WorkerResult(WorkerEvent Event, int Index, NotebookObservation? Observation = null);
