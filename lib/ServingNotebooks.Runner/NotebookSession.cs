using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;

namespace ServingNotebooks.Runner;

/// <summary>Settings for a <see cref="NotebookSession"/>.</summary>
public sealed record NotebookSessionOptions
{
    /// <summary>
    /// The folder that relative paths resolve against while a cell runs (<c>#r "../lib/x.dll"</c>, <c>#!import setup.dib</c>,
    /// <c>File.ReadAllText("data/x.csv")</c>): the notebook's folder, as in Jupyter and VS Code. Null leaves the process's
    /// working directory alone.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long one cell may run before it is reported as <see cref="CellStatus.TimedOut"/>. Default: 2 minutes.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// An in-process .NET Interactive kernel composed like the one Jupyter and VS Code start (<see cref="NotebookKernel"/>: a
/// composite kernel whose default is C#, with the same magic commands), which runs cells one at a time and records each
/// cell's outputs. After cells have run, variables can be read back (<see cref="TryGetVariable{T}"/>).
/// </summary>
/// <remarks>
/// The process's working directory is set to <see cref="NotebookSessionOptions.WorkingDirectory"/> for the duration of each
/// cell and restored after: sessions in the same folder may run cells at the same time, a session in another folder waits.
/// Formatters (<c>Formatter.Register</c>) are process-wide in .NET Interactive: one notebook's registrations are seen by
/// the next in the same process.
/// A cell that times out keeps running on its thread (the kernel cannot stop it): the session then skips every later cell.
/// Code that calls <c>Environment.Exit</c> ends the host process: run untrusted notebooks in a child process.
/// </remarks>
public sealed class NotebookSession : IAsyncDisposable, IDisposable
{
    private readonly CompositeKernel _kernel;
    private readonly CSharpKernel _csharp;
    private readonly string? _directory;
    private readonly HostAssemblyCheck _assemblyCheck = new();
    private int _submissions;
    private bool _disposed;

    /// <summary>Creates a session with its own kernel.</summary>
    /// <param name="options">Working directory and per-cell timeout; defaults when null.</param>
    public NotebookSession(NotebookSessionOptions? options = null)
    {
        Options = options ?? new NotebookSessionOptions();
        if (Options.WorkingDirectory is { } directory && !System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Working directory not found: {directory}");
        }

        _directory = Options.WorkingDirectory is { } dir ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)) : null;
        (_kernel, _csharp) = NotebookKernel.Create();
        if (_directory is not null)
        {
            SharedScriptOptions.Apply(_csharp, _directory);
        }
    }

    /// <summary>The session's settings.</summary>
    public NotebookSessionOptions Options { get; }

    /// <summary>True once a cell has timed out: the kernel may still be busy with it, so later cells are skipped.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The .NET Interactive root kernel, for callers that need more than this class offers.</summary>
    public Kernel Kernel => _kernel;

    /// <summary>The names of the variables the cells have declared so far.</summary>
    public IReadOnlyList<string> VariableNames =>
        _csharp.ScriptState is { } state ? [.. state.Variables.Select(v => v.Name).Distinct()] : [];

    /// <summary>Runs <paramref name="code"/> as the next cell (C#, or any magic command the kernel knows).</summary>
    /// <param name="code">The cell's text.</param>
    /// <param name="cancellationToken">Stops waiting for the cell; the cell is then reported as timed out and the session is broken.</param>
    public Task<CellResult> RunCellAsync(string code, CancellationToken cancellationToken = default) =>
        RunAsync(new NotebookCell(_submissions, NotebookCellType.Code, "csharp", code, []), Options.CellTimeout, cancellationToken);

    /// <summary>Runs <paramref name="code"/> as the next cell, with a time limit of its own instead of the per-cell timeout.</summary>
    /// <param name="code">The cell's text.</param>
    /// <param name="timeout">How long the cell may run. Range: &gt; 0.</param>
    /// <param name="cancellationToken">Stops waiting for the cell; the cell is then reported as timed out and the session is broken.</param>
    public Task<CellResult> RunCellAsync(string code, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return RunAsync(new NotebookCell(_submissions, NotebookCellType.Code, "csharp", code, []), timeout, cancellationToken);
    }

    /// <summary>What a cell that ran past <paramref name="timeout"/> reports, e.g. "The cell did not finish within 30 s (per-cell timeout)."</summary>
    /// <param name="timeout">The limit it ran past.</param>
    public static string TimeoutMessage(TimeSpan timeout) =>
        $"The cell did not finish within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (per-cell timeout).";

    /// <summary>
    /// Runs one notebook cell: code cells of a kernel the session hosts run (C#, and the <c>value</c>, <c>html</c> and
    /// <c>javascript</c> cells a C# notebook may hold), others are reported as <see cref="CellStatus.Skipped"/>.
    /// </summary>
    /// <param name="cell">The cell.</param>
    /// <param name="cancellationToken">Stops waiting for the cell; the cell is then reported as timed out and the session is broken.</param>
    public Task<CellResult> RunCellAsync(NotebookCell cell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell switch
        {
            { CellType: NotebookCellType.Markdown or NotebookCellType.Raw } => Task.FromResult(Skipped(cell, $"{cell.KernelName} cell")),
            _ when !Hosts(cell.KernelName) => Task.FromResult(Skipped(cell, $"the headless runner has no '{cell.KernelName}' kernel (it runs C# notebooks: C#, value, html and javascript cells)")),
            _ when string.IsNullOrWhiteSpace(cell.Source) => Task.FromResult(Skipped(cell, "empty cell")),
            _ => RunAsync(cell, Options.CellTimeout, cancellationToken),
        };
    }

    /// <summary>Runs every cell of <paramref name="notebook"/> in order and returns the record of the run.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="stopOnError">When true, cells after the first failing one are skipped (as <c>jupyter nbconvert --execute</c> does); by default every cell runs.</param>
    /// <param name="onCellCompleted">Called after each cell, for progress displays.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<NotebookRunResult> RunNotebookAsync(
        NotebookDocument notebook,
        bool stopOnError = false,
        Action<CellResult>? onCellCompleted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var stopwatch = Stopwatch.StartNew();
        var results = new List<CellResult>(notebook.Cells.Count);
        var stopped = false;
        foreach (var cell in notebook.Cells)
        {
            var result = stopped && cell.CellType == NotebookCellType.Code
                ? Skipped(cell, "an earlier cell failed")
                : await RunCellAsync(cell, cancellationToken).ConfigureAwait(false);
            stopped |= stopOnError && result.Failed;
            results.Add(result);
            onCellCompleted?.Invoke(result);
        }

        return new NotebookRunResult(notebook, results, stopwatch.Elapsed);
    }

    /// <summary>Reads the variable <paramref name="name"/> that a cell declared.</summary>
    /// <typeparam name="T">The type wanted; numbers convert between numeric types (a <c>double</c> read as <c>int</c> is rounded as <see cref="Convert"/> does).</typeparam>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">The value, when found and convertible.</param>
    /// <returns>True when the variable exists and has, or converts to, type <typeparamref name="T"/>.</returns>
    public bool TryGetVariable<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (!_csharp.TryGetValue<object>(name, out var raw))
        {
            return false;
        }

        if (raw is T typed)
        {
            value = typed;
            return true;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (raw is IConvertible && target.IsPrimitive)
        {
            try
            {
                value = (T)Convert.ChangeType(raw, target, CultureInfo.InvariantCulture);
                return true;
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Reads the variable <paramref name="name"/>, or throws when it is missing or of another type.</summary>
    /// <typeparam name="T">The type wanted (see <see cref="TryGetVariable{T}"/>).</typeparam>
    /// <param name="name">The variable's name.</param>
    /// <exception cref="KeyNotFoundException">No such variable, or not of type <typeparamref name="T"/>.</exception>
    public T GetVariable<T>(string name) =>
        TryGetVariable<T>(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The notebook has no variable '{name}' of type {typeof(T).Name}.");

    /// <summary>
    /// Evaluates a C# expression in the session (it sees every variable the cells declared) and returns its value,
    /// for example a grader's hidden test case <c>Queueing.LittlesLaw(2.0, 0.5)</c>.
    /// </summary>
    /// <typeparam name="T">The expression's type (see <see cref="TryGetVariable{T}"/>).</typeparam>
    /// <param name="expression">A C# expression.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="InvalidOperationException">The expression did not compile, threw or timed out; the message says why.</exception>
    public async Task<T> EvaluateAsync<T>(string expression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var name = $"__servingbook_eval_{_submissions}";
        var result = await RunCellAsync($"var {name} = ({expression});", cancellationToken).ConfigureAwait(false);
        if (result.Status != CellStatus.Ok)
        {
            throw new InvalidOperationException($"Evaluating '{expression}' failed: {result.FailureSummary ?? result.SkipReason}");
        }

        return GetVariable<T>(name);
    }

    /// <summary>True when the kernel has a kernel of that name or alias (C#'s names include <c>.net-csharp</c>).</summary>
    private bool Hosts(string kernelName) =>
        NotebookReader.IsCSharpKernelName(kernelName)
        || _kernel.ChildKernels.Any(k => k.Name == kernelName || k.KernelInfo.Aliases.Contains(kernelName));

    private CellResult Skipped(NotebookCell cell, string reason) => new()
    {
        Index = cell.Index,
        KernelName = cell.KernelName,
        Code = cell.Source,
        Tags = cell.Tags,
        Status = CellStatus.Skipped,
        SkipReason = reason,
    };

    private async Task<CellResult> RunAsync(NotebookCell cell, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _submissions++;
        if (IsBroken)
        {
            return Skipped(cell, "an earlier cell timed out and may still be running");
        }

        var recorder = new CellEventRecorder();
        var stopwatch = Stopwatch.StartNew();
        var lease = await WorkingDirectoryGate.EnterAsync(_directory, cancellationToken).ConfigureAwait(false);
        Task<KernelCommandResult> send;
        bool completed;
        try
        {
            stopwatch.Restart();
            using var subscription = _kernel.KernelEvents.Subscribe(recorder);
            var command = new SubmitCode(cell.Source, _csharp.Name);
            send = Task.Run(() => _kernel.SendAsync(command, CancellationToken.None), CancellationToken.None);

            // WaitAsync's timer is released as soon as the cell ends, not when the timeout would have expired.
            try
            {
                await send.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Timed out or cancelled, unless the send itself ended that way: checked below.
            }

            stopwatch.Stop();
            completed = send.IsCompleted;
            if (completed)
            {
                await send.ConfigureAwait(false);
            }
            else
            {
                IsBroken = true;
                _ = _kernel.SendAsync(new Cancel(), CancellationToken.None);
            }
        }
        finally
        {
            lease.Dispose();
        }

        if (!completed)
        {
            var message = cancellationToken.IsCancellationRequested
                ? "The run was cancelled while this cell was running."
                : TimeoutMessage(timeout);
            var partial = recorder.ToResult(cell, stopwatch.Elapsed, _submissions);
            var outputs = partial.Outputs.Append(new CellOutput(CellOutputKind.Error, new Dictionary<string, string> { ["text/plain"] = message }));
            return partial with
            {
                Status = CellStatus.TimedOut,
                ErrorName = "TimeoutException",
                ErrorMessage = message,
                Outputs = [.. outputs],
            };
        }

        var result = recorder.ToResult(cell, stopwatch.Elapsed, _submissions);
        var mismatches = _assemblyCheck.CheckNewSubmissions(_csharp.ScriptState?.Script);
        if (mismatches.Count == 0)
        {
            return result;
        }

        var text = string.Join("\n", mismatches);
        return result with
        {
            Status = CellStatus.Error,
            ErrorName = result.Status == CellStatus.Error ? result.ErrorName : "AssemblyMismatch",
            ErrorMessage = result.ErrorMessage is null ? text : $"{text}\n{result.ErrorMessage}",
            Outputs = [.. result.Outputs, new CellOutput(CellOutputKind.StandardError, new Dictionary<string, string> { ["text/plain"] = text + "\n" })],
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (IsBroken)
        {
            // The kernel is still busy with a runaway cell; disposing it now could block on that cell.
            _ = Task.Run(_kernel.Dispose);
            return;
        }

        _kernel.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
