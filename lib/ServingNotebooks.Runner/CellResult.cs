namespace ServingNotebooks.Runner;

/// <summary>How a cell's run ended.</summary>
public enum CellStatus
{
    /// <summary>The cell ran to the end.</summary>
    Ok,

    /// <summary>The cell did not compile, threw, or its kernel reported a failure.</summary>
    Error,

    /// <summary>The cell ran longer than the per-cell timeout; its thread may still be running.</summary>
    TimedOut,

    /// <summary>The cell was not run: a text cell, a kernel the runner does not host, or an earlier timeout.</summary>
    Skipped,
}

/// <summary>What kind of output a cell produced, mapped one to one on Jupyter's output types.</summary>
public enum CellOutputKind
{
    /// <summary>Text written to standard output (Jupyter <c>stream</c>, name <c>stdout</c>).</summary>
    StandardOutput,

    /// <summary>Text written to standard error (Jupyter <c>stream</c>, name <c>stderr</c>).</summary>
    StandardError,

    /// <summary>A value shown with <c>display(…)</c> (Jupyter <c>display_data</c>).</summary>
    Display,

    /// <summary>The value of the cell's last expression (Jupyter <c>execute_result</c>).</summary>
    ReturnValue,

    /// <summary>A compile error or exception (Jupyter <c>error</c>).</summary>
    Error,
}

/// <summary>One output of a cell: its kind and its data by MIME type (<c>text/plain</c>, <c>text/html</c>, <c>image/png</c> as base64, …).</summary>
/// <param name="Kind">The output's kind.</param>
/// <param name="Data">The output's representations by MIME type; streams and errors use <c>text/plain</c>.</param>
public sealed record CellOutput(CellOutputKind Kind, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>The <c>text/plain</c> representation, if any.</summary>
    public string? Text => Data.TryGetValue("text/plain", out var text) ? text : null;

    /// <summary>The PNG images in this output: an <c>image/png</c> value, or <c>data:image/png;base64,…</c> images inside <c>text/html</c>.</summary>
    public IReadOnlyList<byte[]> Images => PngExtractor.Extract(this);

    /// <summary>The kernel's id for a displayed value that later updates replace; null for other outputs.</summary>
    public string? ValueId { get; init; }
}

/// <summary>A compiler diagnostic for a cell.</summary>
/// <param name="Severity">"error", "warning", "info" or "hidden".</param>
/// <param name="Code">The compiler's code, for example <c>CS0103</c>.</param>
/// <param name="Message">The compiler's message.</param>
/// <param name="Line">The line in the cell, from 1.</param>
/// <param name="Column">The column in the line, from 1.</param>
public sealed record CellDiagnostic(string Severity, string Code, string Message, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"({Line},{Column}): {Severity} {Code}: {Message}";
}

/// <summary>The record of one cell's run.</summary>
public sealed record CellResult
{
    /// <summary>The cell's index in its notebook (from 0, markdown cells counted), or the session's submission number for code run directly.</summary>
    public required int Index { get; init; }

    /// <summary>The kernel that ran (or would have run) the cell.</summary>
    public required string KernelName { get; init; }

    /// <summary>The code that was submitted.</summary>
    public required string Code { get; init; }

    /// <summary>The cell's Jupyter tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>How the run ended.</summary>
    public required CellStatus Status { get; init; }

    /// <summary>Every output in the order the kernel produced it (a displayed value that was updated appears once, as last updated).</summary>
    public IReadOnlyList<CellOutput> Outputs { get; init; } = [];

    /// <summary>Compiler diagnostics (errors and warnings).</summary>
    public IReadOnlyList<CellDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>The error's type name (for example <c>InvalidOperationException</c>, or <c>CompilationError</c>), when the cell failed.</summary>
    public string? ErrorName { get; init; }

    /// <summary>The error in one paragraph (a compile error lists its diagnostics), when the cell failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The exception's full text with its stack trace, when the cell threw.</summary>
    public string? ExceptionText { get; init; }

    /// <summary>Why the cell was skipped, when it was.</summary>
    public string? SkipReason { get; init; }

    /// <summary>How long the cell took, compile and run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The kernel's execution count for this cell (Jupyter's <c>execution_count</c>); 0 when not run.</summary>
    public int ExecutionCount { get; init; }

    /// <summary>Everything the cell wrote to standard output.</summary>
    public string StandardOutput => string.Concat(Outputs.Where(o => o.Kind == CellOutputKind.StandardOutput).Select(o => o.Text));

    /// <summary>Everything the cell wrote to standard error.</summary>
    public string StandardError => string.Concat(Outputs.Where(o => o.Kind == CellOutputKind.StandardError).Select(o => o.Text));

    /// <summary>The value of the cell's last expression, if it had one.</summary>
    public CellOutput? ReturnValue => Outputs.LastOrDefault(o => o.Kind == CellOutputKind.ReturnValue);

    /// <summary>Every PNG image the cell displayed or returned, in order.</summary>
    public IReadOnlyList<byte[]> Images => [.. Outputs.SelectMany(o => o.Images)];

    /// <summary>True when the cell failed or timed out.</summary>
    public bool Failed => Status is CellStatus.Error or CellStatus.TimedOut;

    /// <summary>A one-line summary of the failure, for reports: the first diagnostic or the error message.</summary>
    public string? FailureSummary => Status switch
    {
        CellStatus.TimedOut => ErrorMessage,
        CellStatus.Error => Diagnostics.FirstOrDefault(d => d.Severity == "error")?.ToString()
            ?? (ErrorName is null or "Error" or "CompilationError" ? FirstLine(ErrorMessage) : $"{ErrorName}: {FirstLine(ErrorMessage)}"),
        _ => null,
    };

    private static string? FirstLine(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
