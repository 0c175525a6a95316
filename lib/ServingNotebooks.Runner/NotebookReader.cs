using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace ServingNotebooks.Runner;

/// <summary>
/// Reads <c>.ipynb</c> files with <c>Microsoft.DotNet.Interactive.Documents</c>, after checking that they are
/// Jupyter notebooks; every problem becomes a <see cref="NotebookFormatException"/> with a one-line message.
/// </summary>
public static class NotebookReader
{
    /// <summary>The kernel names (and aliases) that mean C#.</summary>
    public static IReadOnlyList<string> CSharpKernelNames { get; } = ["csharp", "c#", "C#", ".net-csharp"];

    /// <summary>True when <paramref name="kernelName"/> names the C# kernel.</summary>
    /// <param name="kernelName">A kernel name from a cell's metadata.</param>
    public static bool IsCSharpKernelName(string? kernelName) =>
        kernelName is not null && CSharpKernelNames.Contains(kernelName, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kernel infos a C# notebook is read with: <c>csharp</c> (aliases <c>c#</c>, <c>C#</c>) is the default.</summary>
    public static KernelInfoCollection CreateKernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#"]),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("fsharp", "F#", ["f#", "F#"]),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("pwsh", "PowerShell", ["powershell"]),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("javascript", "JavaScript", ["js"]),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("html", "HTML", []),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("mermaid", "Mermaid", []),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("value", "value", []),
        };
        infos.DefaultKernelName = "csharp";
        return infos;
    }

    /// <summary>Reads and checks the notebook at <paramref name="path"/>.</summary>
    /// <param name="path">The <c>.ipynb</c> file.</param>
    /// <param name="displayPath">How errors name the file (for example the path as the user typed it); default: <paramref name="path"/>.</param>
    /// <exception cref="NotebookFormatException">The file is missing, unreadable, not JSON, not a notebook, or has no C# cell.</exception>
    public static NotebookDocument Load(string path, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = displayPath ?? path;
        if (System.IO.Directory.Exists(path))
        {
            throw new NotebookFormatException(name, "is a folder, not a notebook file");
        }

        if (!File.Exists(path))
        {
            throw new NotebookFormatException(name, "no such file");
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(name, $"cannot be read ({e.Message})", e);
        }

        try
        {
            return Parse(json, Path.GetFullPath(path));
        }
        catch (NotebookFormatException e) when (e.NotebookPath != name)
        {
            throw new NotebookFormatException(name, e.Reason, e.InnerException);
        }
    }

    /// <summary>Parses and checks notebook JSON.</summary>
    /// <param name="json">The <c>.ipynb</c> text.</param>
    /// <param name="path">The path to report in errors and to resolve relative paths against (the file need not exist).</param>
    /// <exception cref="NotebookFormatException">The text is not JSON, not a Jupyter notebook, or has no C# cell.</exception>
    public static NotebookDocument Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(path);
        var cellTypes = new List<NotebookCellType>();
        var tags = new List<IReadOnlyList<string>>();
        int nbformatMinor;
        try
        {
            using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
            var root = parsed.RootElement;

            // The version first: an nbformat 3 notebook keeps its cells in "worksheets", not "cells".
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("nbformat", out var version) && version.ValueKind == JsonValueKind.Number
                && !(version.TryGetInt32(out var major) && major == 4))
            {
                throw new NotebookFormatException(
                    path,
                    $"is a version {version.GetRawText()} notebook (nbformat {version.GetRawText()}); only nbformat 4 is supported: "
                    + "open and save it in Jupyter, or convert it with: jupyter nbconvert --to notebook --output <new name> <notebook>");
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("nbformat", out var nbformat) || nbformat.ValueKind != JsonValueKind.Number)
            {
                throw new NotebookFormatException(path, "is JSON but not a Jupyter notebook (it needs \"cells\" and \"nbformat\")");
            }

            nbformatMinor = root.TryGetProperty("nbformat_minor", out var minor) && minor.ValueKind == JsonValueKind.Number ? minor.GetInt32() : 2;
            var n = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                n++;
                if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    throw new NotebookFormatException(path, $"cell {n} has no \"cell_type\"");
                }

                cellTypes.Add(type.GetString() switch
                {
                    "code" => NotebookCellType.Code,
                    "markdown" => NotebookCellType.Markdown,
                    "raw" => NotebookCellType.Raw,
                    var other => throw new NotebookFormatException(path, $"cell {n} has an unknown cell_type \"{other}\""),
                });
                tags.Add(ReadTags(cell));
            }
        }
        catch (JsonException e)
        {
            if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                throw new NotebookFormatException(path, "is not a Jupyter notebook (.ipynb)", e);
            }

            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
            throw new NotebookFormatException(path, $"is not valid JSON{where}", e);
        }

        InteractiveDocument document;
        try
        {
            document = Notebook.Parse(json, CreateKernelInfos());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new NotebookFormatException(path, $"cannot be read as a notebook ({FirstLine(e.Message)})", e);
        }

        if (document.Elements.Count != cellTypes.Count)
        {
            throw new NotebookFormatException(path, "cannot be read as a notebook (its cells could not all be parsed)");
        }

        var list = new List<NotebookCell>(cellTypes.Count);
        for (var i = 0; i < cellTypes.Count; i++)
        {
            var element = document.Elements[i];
            var kernelName = cellTypes[i] switch
            {
                NotebookCellType.Markdown => "markdown",
                NotebookCellType.Raw => "raw",
                _ => string.IsNullOrEmpty(element.KernelName) ? "csharp" : element.KernelName,
            };
            list.Add(new NotebookCell(i, cellTypes[i], kernelName, element.Contents ?? "", tags[i]));
        }

        if (!list.Any(c => c.IsCSharp))
        {
            throw new NotebookFormatException(path, "has no C# code cells");
        }

        return new NotebookDocument(path, document, list, nbformatMinor);
    }

    private static List<string> ReadTags(JsonElement cell)
    {
        var result = new List<string>();
        if (cell.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String && tag.GetString() is { Length: > 0 } text)
                {
                    result.Add(text);
                }
            }
        }

        return result;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
