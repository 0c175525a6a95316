using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace ServingNotebooks.Runner;

/// <summary>
/// Collects one cell's kernel events as they arrive (so that a timed-out cell still reports what it printed) and turns
/// them into the cell's <see cref="CellResult"/>: outputs mapped one to one on Jupyter's output types, compiler
/// diagnostics, and the failure, if any.
/// </summary>
internal sealed class CellEventRecorder : IObserver<KernelEvent>
{
    private readonly List<KernelEvent> _events = [];
    private readonly Lock _lock = new();

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnNext(KernelEvent value)
    {
        lock (_lock)
        {
            _events.Add(value);
        }
    }

    public CellResult ToResult(NotebookCell cell, TimeSpan duration, int executionCount)
    {
        KernelEvent[] events;
        lock (_lock)
        {
            events = [.. _events];
        }

        var outputs = new List<CellOutput>();
        var diagnostics = new List<CellDiagnostic>();
        CommandFailed? failure = null;
        string? reported = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    outputs.Add(new CellOutput(CellOutputKind.StandardOutput, Text(stdout)));
                    break;
                case StandardErrorValueProduced stderr:
                    outputs.Add(new CellOutput(CellOutputKind.StandardError, Text(stderr)));
                    break;
                case ReturnValueProduced returned:
                    outputs.Add(new CellOutput(CellOutputKind.ReturnValue, Data(returned)));
                    break;
                case DisplayedValueUpdated updated:
                    var index = outputs.FindIndex(o => o.ValueId is not null && o.ValueId == updated.ValueId);
                    var output = new CellOutput(CellOutputKind.Display, Data(updated)) { ValueId = updated.ValueId };
                    if (index >= 0)
                    {
                        outputs[index] = output;
                    }
                    else
                    {
                        outputs.Add(output);
                    }

                    break;
                case DisplayedValueProduced displayed:
                    outputs.Add(new CellOutput(CellOutputKind.Display, Data(displayed)) { ValueId = displayed.ValueId });
                    break;
                case ErrorProduced error:
                    // The kernel reports a failure that did not fail the cell's command, e.g. a cell of an #!import-ed
                    // file; Jupyter shows it on stderr and carries on. The runner counts it as the cell's error.
                    outputs.Add(new CellOutput(CellOutputKind.StandardError, new Dictionary<string, string> { ["text/plain"] = error.Message.TrimEnd() + "\n" }));
                    reported ??= error.Message.Trim();
                    break;
                case DiagnosticsProduced produced:
                    foreach (var d in produced.Diagnostics)
                    {
                        if (d.Severity is not (Microsoft.CodeAnalysis.DiagnosticSeverity.Error or Microsoft.CodeAnalysis.DiagnosticSeverity.Warning))
                        {
                            continue;
                        }

                        var diagnostic = new CellDiagnostic(
                            d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error ? "error" : "warning",
                            d.Code,
                            d.Message,
                            d.LinePositionSpan.Start.Line + 1,
                            d.LinePositionSpan.Start.Character + 1);
                        if (!diagnostics.Contains(diagnostic))
                        {
                            diagnostics.Add(diagnostic);
                        }
                    }

                    break;
                case CommandFailed failed:
                    // The outermost command fails last; keep its message, but prefer an inner exception when it has none.
                    failure = failure is { Exception: not null } && failed.Exception is null ? failure : failed;
                    break;
                default:
                    break;
            }
        }

        var result = new CellResult
        {
            Index = cell.Index,
            KernelName = cell.KernelName,
            Code = cell.Source,
            Tags = cell.Tags,
            Status = CellStatus.Ok,
            Diagnostics = diagnostics,
            Duration = duration,
            ExecutionCount = executionCount,
            Outputs = outputs,
        };
        if (failure is null && reported is not null)
        {
            return result with { Status = CellStatus.Error, ErrorName = "Error", ErrorMessage = reported };
        }

        if (failure is null)
        {
            return result;
        }

        var (name, message, exceptionText) = failure.Exception switch
        {
            CodeSubmissionCompilationErrorException => ("CompilationError", failure.Message, (string?)null),
            { } exception => (exception.GetType().Name, exception.Message, exception.ToString()),
            null => ("Error", failure.Message, null),
        };
        outputs.Add(new CellOutput(CellOutputKind.Error, new Dictionary<string, string> { ["text/plain"] = message }));
        return result with
        {
            Status = CellStatus.Error,
            ErrorName = name,
            ErrorMessage = message,
            ExceptionText = exceptionText,
        };
    }

    private static Dictionary<string, string> Text(DisplayEvent e) =>
        new() { ["text/plain"] = e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "" };

    private static Dictionary<string, string> Data(DisplayEvent e)
    {
        var data = new Dictionary<string, string>();
        foreach (var value in e.FormattedValues)
        {
            if (!value.SuppressDisplay)
            {
                data[value.MimeType] = value.Value;
            }
        }

        return data;
    }
}
