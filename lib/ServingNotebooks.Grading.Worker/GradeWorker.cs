using System.Diagnostics;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>
/// The child-process side of grading: runs each notebook of a <see cref="GradeJob"/> in a fresh in-process kernel (with the
/// notebook's folder as working directory, as Jupyter does), reads the answer variable, asks the grader for the hidden calls,
/// evaluates them, and reports one observation per notebook.
/// </summary>
/// <remarks>
/// The worker is where learner code runs, so the grader never does: a notebook that calls <c>Environment.Exit</c>, overflows
/// the stack or loops forever takes down or stalls only this process, and the grader notices (missing result, exit code,
/// watchdog) and carries on. The worker holds no grading spec: the hidden calls arrive after the learner's cells have run.
/// </remarks>
public static class GradeWorker
{
    /// <summary>Exit code: every notebook of the job was run.</summary>
    public const int Done = 0;

    /// <summary>
    /// Exit code: a cell timed out and may still be running on a thread of this process, so the worker stopped after
    /// reporting that notebook; the grader starts a new worker for the rest.
    /// </summary>
    public const int StoppedAfterTimeout = 3;

    /// <summary>Exit code: the grader that started this worker went away (its standard input closed).</summary>
    public const int ParentGone = 4;

    /// <summary>Runs a job; returns the process exit code.</summary>
    /// <param name="job">The job (its token is not needed here: <paramref name="report"/> frames the lines).</param>
    /// <param name="report">Sends one line to the grader.</param>
    /// <param name="awaitCalls">Waits for the hidden calls of the notebook at an index.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    public static async Task<int> RunAsync(GradeJob job, Action<WorkerResult> report, Func<int, HiddenCalls> awaitCalls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(awaitCalls);
        report(new WorkerResult(WorkerEvent.Started, -1));
        for (var i = 0; i < job.Notebooks.Count; i++)
        {
            var index = i;
            var (observation, broken) = await ObserveAsync(
                job.Notebooks[i],
                TimeSpan.FromSeconds(job.CellTimeoutSeconds),
                () =>
                {
                    report(new WorkerResult(WorkerEvent.CellsRan, index));
                    return awaitCalls(index).Calls;
                },
                cancellationToken).ConfigureAwait(false);
            report(new WorkerResult(WorkerEvent.Observed, i, observation));
            if (broken)
            {
                report(new WorkerResult(WorkerEvent.Stopping, i));
                return StoppedAfterTimeout;
            }
        }

        return Done;
    }

    /// <summary>Runs one notebook and reads what grading needs. Never throws for a bad notebook.</summary>
    /// <param name="notebook">The notebook and what to read.</param>
    /// <param name="cellTimeout">The per-cell timeout.</param>
    /// <param name="hiddenCalls">Called once the learner's cells have run: the hidden calls to evaluate.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The observation, and whether the session broke (a cell timed out).</returns>
    public static async Task<(NotebookObservation Observation, bool Broken)> ObserveAsync(
        WorkerNotebook notebook, TimeSpan cellTimeout, Func<IReadOnlyList<string>> hiddenCalls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(hiddenCalls);
        var stopwatch = Stopwatch.StartNew();
        var name = Path.GetFileName(notebook.Path);
        NotebookDocument document;
        try
        {
            document = NotebookReader.Load(notebook.Path);
        }
        catch (Exception e) when (e is NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            var reason = e is NotebookFormatException format ? format.Reason : $"cannot be read ({OneLine(e.Message)})";
            return (new NotebookObservation { Notebook = name, Outcome = NotebookOutcome.Unreadable, Problem = $"{name} {reason}", Seconds = stopwatch.Elapsed.TotalSeconds }, false);
        }

        await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = document.Directory, CellTimeout = cellTimeout });
        var run = await session.RunNotebookAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cellErrors = run.FailedCells.Select(c => $"cell {c.Index + 1}: {OneLine(c.FailureSummary ?? c.Status.ToString())}").ToList();

        // Variables are read from the script state of the cells that finished, so the answer can be read even when a
        // later cell timed out (a runaway cell never updates that state).
        var values = notebook.Variables.Distinct(StringComparer.Ordinal).ToDictionary(v => v, v => Read(session, v), StringComparer.Ordinal);

        var calls = notebook.HiddenCallCount > 0 ? hiddenCalls() : [];
        var hidden = await HiddenCallBatch.RunAsync(session, calls, cellTimeout, cancellationToken).ConfigureAwait(false);

        var observation = new NotebookObservation
        {
            Notebook = name,
            Outcome = NotebookOutcome.Ran,
            CellErrors = cellErrors,
            Values = values,
            Hidden = hidden,
            Seconds = stopwatch.Elapsed.TotalSeconds,
        };
        return (observation, session.IsBroken);
    }

    /// <summary>Reads a variable; learner code that runs while reading (an enumerator) cannot make the worker fail.</summary>
    internal static ObservedValue Read(NotebookSession session, string variable)
    {
        try
        {
            return session.TryGetVariable<object?>(variable, out var value)
                ? ObservedValue.From(value)
                : session.VariableNames.Contains(variable)
                    ? ObservedValue.From(null)
                    : ObservedValue.Undefined($"no variable named {variable}");
        }
        catch (Exception e)
        {
            return ObservedValue.Undefined($"reading {variable} failed ({e.GetType().Name}: {OneLine(e.Message)})");
        }
    }

    internal static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}
