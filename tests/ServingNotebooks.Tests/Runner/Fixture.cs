using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

/// <summary>Paths of the fixture notebooks copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A new empty folder under the system temp folder, removed by the caller.</summary>
    public static string TempFolder()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "servingbook-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>Runs basic.ipynb once for all the tests that look at its outputs, and keeps its session for reading variables.</summary>
public sealed class BasicRunFixture : IAsyncLifetime
{
    public NotebookDocument Notebook { get; private set; } = null!;

    public NotebookSession Session { get; private set; } = null!;

    public NotebookRunResult Result { get; private set; } = null!;

    public List<int> Progress { get; } = [];

    public async Task InitializeAsync()
    {
        Notebook = NotebookReader.Load(Fixture.Path("basic.ipynb"));
        Session = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromMinutes(5) }).StartSession(Notebook);
        Result = await Session.RunNotebookAsync(Notebook, onCellCompleted: cell => Progress.Add(cell.Index));
    }

    public async Task DisposeAsync() => await Session.DisposeAsync();
}

/// <summary>
/// Tests that run kernels share one collection: cells run one at a time in a process anyway (the runner's working-directory
/// gate), and tests that look at the process's working directory must not overlap other tests' cells. The collection holds
/// the executed workbook (<see cref="Workbook.WorkbookRuns"/>): each notebook runs once for all the tests that read it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<Workbook.WorkbookRuns>
{
    public const string Name = "kernel";
}
