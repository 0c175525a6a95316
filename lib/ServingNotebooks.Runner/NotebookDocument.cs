using Microsoft.DotNet.Interactive.Documents;

namespace ServingNotebooks.Runner;

/// <summary>The kind of a notebook cell, as Jupyter's <c>cell_type</c> says.</summary>
public enum NotebookCellType
{
    /// <summary>A code cell, run by the kernel its <see cref="NotebookCell.KernelName"/> names.</summary>
    Code,

    /// <summary>A markdown cell: never run.</summary>
    Markdown,

    /// <summary>A raw cell: never run.</summary>
    Raw,
}

/// <summary>One cell of a notebook, as read from the file.</summary>
/// <param name="Index">The cell's position in the notebook, from 0, counting every cell (markdown included).</param>
/// <param name="CellType">Code, markdown or raw.</param>
/// <param name="KernelName">The kernel that runs the cell (<c>csharp</c>, <c>fsharp</c>, …); <c>markdown</c> or <c>raw</c> for text cells.</param>
/// <param name="Source">The cell's text.</param>
/// <param name="Tags">The cell's Jupyter <c>metadata.tags</c> (for example <c>solution</c>).</param>
public sealed record NotebookCell(int Index, NotebookCellType CellType, string KernelName, string Source, IReadOnlyList<string> Tags)
{
    /// <summary>True for a code cell that the in-process C# kernel runs.</summary>
    public bool IsCSharp => CellType == NotebookCellType.Code && NotebookReader.IsCSharpKernelName(KernelName);

    /// <summary>True when the cell carries <paramref name="tag"/> in its Jupyter tags (case-insensitive).</summary>
    /// <param name="tag">The tag to look for, for example <c>solution</c>.</param>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// A notebook read from an <c>.ipynb</c> file: the .NET Interactive document (kept for its metadata and
/// per-cell metadata, which the writer preserves) and a simple view of its cells.
/// </summary>
public sealed class NotebookDocument
{
    internal NotebookDocument(string path, InteractiveDocument document, IReadOnlyList<NotebookCell> cells, int nbformatMinor)
    {
        Path = path;
        Document = document;
        Cells = cells;
        NbformatMinor = nbformatMinor;
    }

    /// <summary>The file the notebook was read from, or a name for a notebook parsed from text.</summary>
    public string Path { get; }

    /// <summary>The folder that relative paths in the notebook resolve against (the notebook's own folder, as in Jupyter and VS Code).</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? Environment.CurrentDirectory;

    /// <summary>The notebook's file name without its extension, for example <c>01-queueing</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The parsed .NET Interactive document (elements in the same order as <see cref="Cells"/>).</summary>
    public InteractiveDocument Document { get; }

    /// <summary>Every cell, markdown included, in notebook order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The file's <c>nbformat_minor</c>, kept when the notebook is written back.</summary>
    public int NbformatMinor { get; }

    /// <summary>
    /// A copy of this notebook without the cells that carry <paramref name="tag"/> (for example <c>solution</c>).
    /// Cell indexes are renumbered; the notebook keeps its path and metadata.
    /// </summary>
    /// <param name="tag">The Jupyter tag whose cells are dropped.</param>
    public NotebookDocument WithoutCellsTagged(string tag) => Where(cell => !cell.HasTag(tag));

    /// <summary>A copy of this notebook with only the cells that <paramref name="keep"/> accepts, renumbered.</summary>
    /// <param name="keep">Returns true for each cell to keep.</param>
    public NotebookDocument Where(Func<NotebookCell, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var elements = new List<InteractiveDocumentElement>();
        var cells = new List<NotebookCell>();
        for (var i = 0; i < Cells.Count; i++)
        {
            if (!keep(Cells[i]))
            {
                continue;
            }

            elements.Add(Document.Elements[i]);
            cells.Add(Cells[i] with { Index = cells.Count });
        }

        var document = new InteractiveDocument(elements);
        foreach (var (key, value) in Document.Metadata)
        {
            document.Metadata[key] = value;
        }

        return new NotebookDocument(Path, document, cells, NbformatMinor);
    }
}
