using System.Diagnostics;
using System.Text.Json;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>
/// The child-process side of grading: runs each notebook of a <see cref="GradeJob"/> in a fresh in-process
/// kernel (with the notebook's folder as working directory, as Jupyter does), reads the answer variable and
/// evaluates the hidden calls, and appends an observation per notebook to the job's result file.
/// </summary>
/// <remarks>
/// The worker is where learner code runs, so the parent process never does: a notebook that calls
/// <c>Environment.Exit</c>, overflows the stack or loops forever takes down or stalls only this process,
/// and the parent notices (missing result line, exit code, watchdog) and carries on.
/// </remarks>
public static class GradeWorker
{
    /// <summary>Exit code: every notebook of the job was run.</summary>
    public const int Done = 0;

    /// <summary>
    /// Exit code: a cell timed out and may still be running on a thread of this process, so the worker
    /// stopped after writing that notebook's observation; the parent starts a new worker for the rest.
    /// </summary>
    public const int StoppedAfterTimeout = 3;

    /// <summary>Runs a job; returns the process exit code.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    public static async Task<int> RunAsync(GradeJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        foreach (var notebook in job.Notebooks)
        {
            var (observation, broken) = await ObserveAsync(notebook, TimeSpan.FromSeconds(job.CellTimeoutSeconds), cancellationToken).ConfigureAwait(false);
            await using (var file = new FileStream(job.ResultPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(observation, GradeJob.JsonOptions)).ConfigureAwait(false);
            }

            if (broken)
            {
                return StoppedAfterTimeout;
            }
        }

        return Done;
    }

    /// <summary>Runs one notebook and reads what grading needs. Never throws for a bad notebook.</summary>
    /// <param name="notebook">The notebook and what to read.</param>
    /// <param name="cellTimeout">The per-cell timeout.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The observation, and whether the session broke (a cell timed out).</returns>
    public static async Task<(NotebookObservation Observation, bool Broken)> ObserveAsync(
        WorkerNotebook notebook, TimeSpan cellTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var stopwatch = Stopwatch.StartNew();
        var name = Path.GetFileName(notebook.Path);
        NotebookDocument document;
        try
        {
            document = NotebookReader.Load(notebook.Path);
        }
        catch (NotebookFormatException e)
        {
            return (new NotebookObservation { Notebook = name, Outcome = NotebookOutcome.Unreadable, Problem = e.Reason, Seconds = stopwatch.Elapsed.TotalSeconds }, false);
        }

        await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = document.Directory, CellTimeout = cellTimeout });
        var run = await session.RunNotebookAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cellErrors = run.FailedCells.Select(c => $"cell {c.Index + 1}: {OneLine(c.FailureSummary ?? c.Status.ToString())}").ToList();
        var answer = session.IsBroken
            ? ObservedValue.Undefined("a cell timed out, so the kernel was not read")
            : session.TryGetVariable<object?>(notebook.AnswerVariable, out var value)
                ? ObservedValue.From(value)
                : Exists(session, notebook.AnswerVariable)
                    ? ObservedValue.From(null)
                    : ObservedValue.Undefined($"no variable named {notebook.AnswerVariable}");

        var hidden = new List<ObservedValue>();
        foreach (var call in notebook.HiddenCalls)
        {
            if (session.IsBroken)
            {
                hidden.Add(ObservedValue.Undefined("not run: an earlier cell or call timed out"));
                continue;
            }

            var result = await session.RunCellAsync($"var __grader_hidden = (object?)({call});", cancellationToken).ConfigureAwait(false);
            hidden.Add(result.Status == CellStatus.Ok && session.TryGetVariable<object?>("__grader_hidden", out var h)
                ? ObservedValue.From(h)
                : result.Status == CellStatus.Ok
                    ? ObservedValue.From(null)
                    : ObservedValue.Undefined(OneLine(result.FailureSummary ?? result.Status.ToString())));
        }

        var observation = new NotebookObservation
        {
            Notebook = name,
            Outcome = NotebookOutcome.Ran,
            CellErrors = cellErrors,
            Answer = answer,
            Hidden = hidden,
            Seconds = stopwatch.Elapsed.TotalSeconds,
        };
        return (observation, session.IsBroken);
    }

    private static bool Exists(NotebookSession session, string variable) => session.VariableNames.Contains(variable);

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}
