using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace ServingNotebooks.Runner;

/// <summary>
/// Writes an executed notebook as <c>.ipynb</c> (nbformat 4) with every cell's outputs as Jupyter outputs
/// (<c>stream</c>, <c>display_data</c>, <c>execute_result</c> with <c>image/png</c> as base64, <c>error</c>), keeping the
/// notebook's metadata and the fields that VS Code Polyglot Notebooks writes: <c>kernelspec</c> <c>.net-csharp</c>,
/// <c>language_info.name</c> (the notebook's own, else <c>polyglot-notebook</c>), <c>metadata.polyglot_notebook.kernelInfo</c> and per code cell
/// <c>polyglot_notebook.kernelName</c> (added only to a cell whose metadata names no kernel). The text is laid out as Jupyter
/// saves it (<see cref="JupyterJson"/>), so that saving a written notebook in Jupyter changes no byte.
/// </summary>
public static class NotebookWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the executed notebook to <paramref name="path"/>, creating its folder if needed.</summary>
    /// <param name="result">The run whose outputs to write.</param>
    /// <param name="path">The <c>.ipynb</c> file to write.</param>
    public static void Write(NotebookRunResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, ToJson(result.Notebook, result.Cells), new UTF8Encoding(false));
    }

    /// <summary>The executed notebook as <c>.ipynb</c> JSON.</summary>
    /// <param name="result">The run whose outputs to write.</param>
    public static string ToJson(NotebookRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ToJson(result.Notebook, result.Cells);
    }

    /// <summary>
    /// The notebook as <c>.ipynb</c> JSON with the given cell results as outputs; a cell without a result (or a skipped one)
    /// is written without outputs. Pass no results to write the notebook clean (for example after removing solution cells).
    /// </summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="results">Cell results, matched to cells by <see cref="CellResult.Index"/>.</param>
    public static string ToJson(NotebookDocument notebook, IEnumerable<CellResult>? results = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var byIndex = (results ?? []).ToDictionary(r => r.Index);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("cells");
            foreach (var cell in notebook.Cells)
            {
                WriteCell(writer, cell, notebook.Document.Elements[cell.Index], byIndex.GetValueOrDefault(cell.Index));
            }

            writer.WriteEndArray();
            writer.WritePropertyName("metadata");
            WriteValue(writer, NotebookMetadata(notebook.Document));
            writer.WriteNumber("nbformat", 4);
            writer.WriteNumber("nbformat_minor", notebook.NbformatMinor);
            writer.WriteEndObject();
        }

        return JupyterJson.Format(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static Dictionary<string, object?> NotebookMetadata(InteractiveDocument document)
    {
        var metadata = Copy(document.Metadata);
        var kernelspec = Child(metadata, "kernelspec");
        kernelspec["display_name"] = ".NET (C#)";
        kernelspec["language"] = "C#";
        kernelspec["name"] = ".net-csharp";
        // The notebook's own language_info is kept (the workbook stores what the Jupyter kernel reports, so that opening a
        // written or released notebook does not mark it changed); polyglot-notebook only where it has none.
        Child(metadata, "language_info").TryAdd("name", "polyglot-notebook");
        var polyglot = Child(metadata, "polyglot_notebook");
        var kernelInfo = Child(polyglot, "kernelInfo");
        kernelInfo.TryAdd("defaultKernelName", "csharp");
        if (kernelInfo.GetValueOrDefault("items") is not IList { Count: > 0 })
        {
            kernelInfo["items"] = new List<object?>
            {
                new Dictionary<string, object?> { ["aliases"] = new List<object?>(), ["name"] = "csharp" },
            };
        }

        return metadata;
    }

    private static void WriteCell(Utf8JsonWriter writer, NotebookCell cell, InteractiveDocumentElement element, CellResult? result)
    {
        writer.WriteStartObject();
        writer.WriteString("cell_type", cell.CellType switch
        {
            NotebookCellType.Markdown => "markdown",
            NotebookCellType.Raw => "raw",
            _ => "code",
        });
        var ran = result is not null && result.Status != CellStatus.Skipped;
        if (cell.CellType == NotebookCellType.Code)
        {
            if (ran && result!.ExecutionCount > 0)
            {
                writer.WriteNumber("execution_count", result.ExecutionCount);
            }
            else
            {
                writer.WriteNull("execution_count");
            }
        }

        if (!string.IsNullOrEmpty(element.Id))
        {
            writer.WriteString("id", element.Id);
        }

        var metadata = Copy(element.Metadata);
        if (cell.CellType == NotebookCellType.Code)
        {
            // The cell's language as VS Code writes it, only where the cell does not say (the metadata is otherwise kept as it is).
            if (!metadata.ContainsKey("polyglot_notebook") && !metadata.ContainsKey("dotnet_interactive"))
            {
                Child(metadata, "polyglot_notebook")["kernelName"] = cell.KernelName;
            }
        }

        writer.WritePropertyName("metadata");
        WriteValue(writer, metadata);
        if (cell.CellType == NotebookCellType.Code)
        {
            writer.WriteStartArray("outputs");
            if (ran)
            {
                foreach (var output in result!.Outputs)
                {
                    WriteOutput(writer, output, result);
                }
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("source");
        WriteLines(writer, cell.Source);
        writer.WriteEndObject();
    }

    private static void WriteOutput(Utf8JsonWriter writer, CellOutput output, CellResult result)
    {
        writer.WriteStartObject();
        switch (output.Kind)
        {
            case CellOutputKind.StandardOutput or CellOutputKind.StandardError:
                writer.WriteString("name", output.Kind == CellOutputKind.StandardOutput ? "stdout" : "stderr");
                writer.WriteString("output_type", "stream");
                writer.WritePropertyName("text");
                WriteLines(writer, output.Text ?? "");
                break;
            case CellOutputKind.Error:
                writer.WriteString("ename", result.ErrorName ?? "Error");
                writer.WriteString("evalue", output.Text ?? "");
                writer.WriteString("output_type", "error");
                writer.WriteStartArray("traceback");
                foreach (var line in SplitLines(result.ExceptionText ?? output.Text ?? ""))
                {
                    writer.WriteStringValue(line.TrimEnd('\n', '\r'));
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject("data");
                foreach (var (mime, value) in output.Data)
                {
                    writer.WritePropertyName(mime);
                    if (mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml")
                    {
                        writer.WriteStringValue(value);
                    }
                    else
                    {
                        WriteLines(writer, value);
                    }
                }

                writer.WriteEndObject();
                if (output.Kind == CellOutputKind.ReturnValue)
                {
                    writer.WriteNumber("execution_count", result.ExecutionCount);
                }

                writer.WriteStartObject("metadata");
                writer.WriteEndObject();
                writer.WriteString("output_type", output.Kind == CellOutputKind.ReturnValue ? "execute_result" : "display_data");
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>Jupyter's multi-line string: a list of lines, each but the last ending in a newline.</summary>
    private static void WriteLines(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartArray();
        foreach (var line in SplitLines(text))
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                yield return text[start..];
                yield break;
            }

            yield return text[start..(end + 1)];
            start = end + 1;
        }
    }

    private static Dictionary<string, object?> Child(Dictionary<string, object?> parent, string key)
    {
        if (parent.GetValueOrDefault(key) is Dictionary<string, object?> child)
        {
            return child;
        }

        child = [];
        parent[key] = child;
        return child;
    }

    /// <summary>A deep, mutable copy of metadata as read by .NET Interactive (dictionaries, lists, JSON elements, primitives).</summary>
    private static Dictionary<string, object?> Copy(IDictionary<string, object>? source)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, value) in source ?? new Dictionary<string, object>())
        {
            copy[key] = CopyValue(value);
        }

        return copy;
    }

    private static object? CopyValue(object? value) => value switch
    {
        null => null,
        string or bool => value,
        JsonElement element => CopyElement(element),
        IDictionary<string, object> dictionary => Copy(dictionary),
        IDictionary dictionary => dictionary.Keys.Cast<object>().ToDictionary(k => k.ToString() ?? "", k => CopyValue(dictionary[k])),
        IEnumerable list => list.Cast<object?>().Select(CopyValue).ToList(),
        _ when value.GetType().IsPrimitive || value is decimal => value,
        _ => CopyElement(JsonSerializer.SerializeToElement(value, value.GetType())),
    };

    private static object? CopyElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => CopyElement(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(CopyElement).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var n) ? n : element.GetDouble(),
        _ => null,
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long or int or short or byte:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Dictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
