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

    /// <summary>The <see cref="WorkerResult.Index"/> of the first line a worker writes: it started.</summary>
    public const int StartedIndex = -1;

    /// <summary>The <see cref="WorkerResult.Index"/> of the line a worker writes before it exits with <see cref="StoppedAfterTimeout"/>.</summary>
    public const int StoppedIndex = -2;

    /// <summary>Exit code: the grader that started this worker went away (its standard input closed).</summary>
    public const int ParentGone = 4;

    /// <summary>Runs a job; returns the process exit code.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    public static async Task<int> RunAsync(GradeJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        // A first line says the worker started (so the parent can tell a broken installation from a notebook that crashed).
        await AppendAsync(job, new WorkerResult(StartedIndex, job.Token, null), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < job.Notebooks.Count; i++)
        {
            var (observation, broken) = await ObserveAsync(job.Notebooks[i], TimeSpan.FromSeconds(job.CellTimeoutSeconds), cancellationToken).ConfigureAwait(false);
            await AppendAsync(job, new WorkerResult(i, job.Token, observation), cancellationToken).ConfigureAwait(false);

            if (broken)
            {
                // Said in the result file too (index -2), so that a notebook that calls Environment.Exit(3) is not taken for this.
                await AppendAsync(job, new WorkerResult(StoppedIndex, job.Token, null), cancellationToken).ConfigureAwait(false);
                return StoppedAfterTimeout;
            }
        }

        return Done;
    }

    private static async Task AppendAsync(GradeJob job, WorkerResult result, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(result, GradeJob.JsonOptions) + "\n";
        await using var file = new FileStream(job.ResultPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

        // One write of the whole line, so that the parent never reads half a line as a whole one.
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
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
            return (new NotebookObservation { Notebook = name, Outcome = NotebookOutcome.Unreadable, Problem = $"{name} {e.Reason}", Seconds = stopwatch.Elapsed.TotalSeconds }, false);
        }

        await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = document.Directory, CellTimeout = cellTimeout });
        var run = await session.RunNotebookAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cellErrors = run.FailedCells.Select(c => $"cell {c.Index + 1}: {OneLine(c.FailureSummary ?? c.Status.ToString())}").ToList();
        // Variables are read from the script state of the cells that finished, so the answer can be read even when a
        // later cell timed out (a runaway cell never updates that state).
        var values = notebook.Variables.Distinct(StringComparer.Ordinal).ToDictionary(v => v, v => Read(session, v), StringComparer.Ordinal);

        // Each hidden call runs inside an answer-key watch, so the grader sees which library members it used. A notebook that
        // never loaded the library cannot have used one: its calls run unwatched.
        var watched = notebook.HiddenCalls.Count > 0 && !session.IsBroken
            && (await session.RunCellAsync("var __grader_watchable = typeof(global::ServingMath.AnswerKey);", cancellationToken).ConfigureAwait(false)).Status == CellStatus.Ok;
        var hidden = new List<ObservedValue>();
        foreach (var call in notebook.HiddenCalls)
        {
            if (session.IsBroken)
            {
                hidden.Add(ObservedValue.Undefined("not run: an earlier cell or call timed out"));
                continue;
            }

            var code = watched
                ? "object? __grader_hidden; var __grader_watch = global::ServingMath.AnswerKey.Watch();\n"
                  + $"try {{ __grader_hidden = (object?)({call}); }} finally {{ __grader_watch.Dispose(); }}\n"
                  + "var __grader_used = __grader_watch.Members;"
                : $"var __grader_hidden = (object?)({call});";
            var result = await session.RunCellAsync(code, cancellationToken).ConfigureAwait(false);
            hidden.Add(result.Status == CellStatus.Ok
                ? Read(session, "__grader_hidden") with { AnswerKeyUsed = watched ? ReadUsed(session) : null }
                : ObservedValue.Undefined(OneLine(result.FailureSummary ?? result.Status.ToString())));
        }

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
    private static ObservedValue Read(NotebookSession session, string variable)
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

    /// <summary>The answer-key members the last watched call used (empty when they cannot be read).</summary>
    private static IReadOnlyList<string> ReadUsed(NotebookSession session)
    {
        try
        {
            return session.TryGetVariable<IReadOnlyList<string>>("__grader_used", out var used) && used is not null ? [.. used] : [];
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}
