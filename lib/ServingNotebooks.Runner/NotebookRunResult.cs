namespace ServingNotebooks.Runner;

/// <summary>The record of a notebook's run: one <see cref="CellResult"/> per cell, markdown cells included (as skipped).</summary>
/// <param name="Notebook">The notebook that ran.</param>
/// <param name="Cells">One result per cell, in notebook order (indexes match <see cref="NotebookDocument.Cells"/>).</param>
/// <param name="Duration">Wall time for all cells (kernel creation not included).</param>
public sealed record NotebookRunResult(NotebookDocument Notebook, IReadOnlyList<CellResult> Cells, TimeSpan Duration)
{
    /// <summary>The C# cells that the kernel ran or tried to run.</summary>
    public IEnumerable<CellResult> CodeCells => Cells.Where(c => c.Status != CellStatus.Skipped);

    /// <summary>The cells that failed or timed out.</summary>
    public IEnumerable<CellResult> FailedCells => Cells.Where(c => c.Failed);

    /// <summary>The number of C# cells that ran.</summary>
    public int CodeCellCount => CodeCells.Count();

    /// <summary>The number of cells that failed or timed out.</summary>
    public int ErrorCount => FailedCells.Count();

    /// <summary>The number of PNG images across all cells.</summary>
    public int ImageCount => Cells.Sum(c => c.Images.Count);

    /// <summary>True when no cell failed or timed out.</summary>
    public bool Succeeded => ErrorCount == 0;
}
