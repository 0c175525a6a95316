namespace ServingNotebooks.Runner;

/// <summary>Settings for <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunnerOptions
{
    /// <summary>How long one cell may run before it is reported as timed out. Default: 2 minutes.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>When true, cells after the first failure are skipped; by default every cell runs (each check cell reports on its own).</summary>
    public bool StopOnError { get; init; }
}

/// <summary>
/// Runs whole notebooks headless: each in a new <see cref="NotebookSession"/> (a fresh kernel) whose working directory
/// is the notebook's folder, as in Jupyter and VS Code.
/// </summary>
/// <param name="options">Timeout and error policy; defaults when null.</param>
public sealed class NotebookRunner(NotebookRunnerOptions? options = null)
{
    /// <summary>The runner's settings.</summary>
    public NotebookRunnerOptions Options { get; } = options ?? new NotebookRunnerOptions();

    /// <summary>Reads and runs the notebook at <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.ipynb</c> file.</param>
    /// <param name="onCellCompleted">Called after each cell, for progress displays.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="NotebookFormatException">The file is missing or is not a notebook with C# cells.</exception>
    public Task<NotebookRunResult> RunAsync(string path, Action<CellResult>? onCellCompleted = null, CancellationToken cancellationToken = default) =>
        RunAsync(NotebookReader.Load(path), onCellCompleted, cancellationToken);

    /// <summary>Runs <paramref name="notebook"/> in a new kernel.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="onCellCompleted">Called after each cell, for progress displays.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, Action<CellResult>? onCellCompleted = null, CancellationToken cancellationToken = default)
    {
        await using var session = StartSession(notebook);
        return await session.RunNotebookAsync(notebook, Options.StopOnError, onCellCompleted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a session for <paramref name="notebook"/> (working directory: its folder) without running anything, so that a
    /// caller can run its cells, then read variables and evaluate extra code. The caller disposes the session.
    /// </summary>
    /// <param name="notebook">The notebook whose folder the session works in.</param>
    public NotebookSession StartSession(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return new NotebookSession(new NotebookSessionOptions
        {
            WorkingDirectory = notebook.Directory,
            CellTimeout = Options.CellTimeout,
        });
    }
}
