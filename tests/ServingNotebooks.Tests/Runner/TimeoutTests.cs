using System.Diagnostics;
using ServingNotebooks.Runner;
using Xunit.Abstractions;

namespace ServingNotebooks.Tests.Runner;

[Collection(KernelCollection.Name)]
public sealed class TimeoutTests(ITestOutputHelper output)
{
    /// <summary>
    /// The per-cell limit in the timeout tests: 40 s, more than 10× what a calm cell takes in a fresh session once the
    /// compiler is warm, even on a loaded machine (measured: 3.3–3.8 s for the calm cell below with two copies of the
    /// runner tests side by side at a load average of 55–60 on 2 cores; the test logs it), so only a cell that never ends
    /// reaches it.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task An_endless_cell_times_out_keeps_what_it_printed_and_later_cells_are_skipped_while_a_calm_cell_under_the_same_limit_runs()
    {
        await WarmUpCompilerAsync();
        await using var session = new NotebookSession(new NotebookSessionOptions { CellTimeout = Limit });
        var calm = await session.RunCellAsync("System.Threading.Thread.Sleep(200);\nvar before = 1;");
        Assert.Equal(CellStatus.Ok, calm.Status);
        output.WriteLine($"calm cell (200 ms sleep) in a fresh session: {calm.Duration.TotalSeconds:0.00} s; limit {Limit.TotalSeconds} s");

        var stopwatch = Stopwatch.StartNew();
        // Sleeps rather than spins, so the runaway thread costs the test host no CPU.
        var looping = await session.RunCellAsync("Console.WriteLine(\"started\");\nwhile (true) { System.Threading.Thread.Sleep(25); }");
        stopwatch.Stop();

        Assert.Equal(CellStatus.TimedOut, looping.Status);
        Assert.True(looping.Failed);
        // Stopped at the limit, not before; the upper bound only says it was stopped at all (timers fire late under load).
        Assert.InRange(stopwatch.Elapsed, Limit - TimeSpan.FromSeconds(0.1), Limit * 10);
        Assert.Contains("within 40 s", looping.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("started\n", looping.StandardOutput.ReplaceLineEndings("\n"));
        Assert.True(session.IsBroken);

        var next = await session.RunCellAsync("var after = 2;");
        Assert.Equal(CellStatus.Skipped, next.Status);
        Assert.Contains("timed out", next.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_that_ends_releases_its_timeout_timer()
    {
        await using var session = new NotebookSession(new NotebookSessionOptions { CellTimeout = TimeSpan.FromHours(1) });
        Assert.Equal(CellStatus.Ok, (await session.RunCellAsync("var counter = 0;")).Status);

        // Each cell used to leave a one-hour timer behind; 100 cells would leave 100. Other tests running at the same
        // time create and release timers too, so the bound is half of that.
        const int Cells = 100;
        var before = Timer.ActiveCount;
        for (var i = 0; i < Cells; i++)
        {
            Assert.Equal(CellStatus.Ok, (await session.RunCellAsync("counter++;")).Status);
        }

        var after = Timer.ActiveCount;
        Assert.Equal(Cells, session.GetVariable<int>("counter"));
        Assert.True(after - before < Cells / 2, $"{after - before} more active timers after {Cells} cells");
    }

    /// <summary>Runs one cell in a throw-away session with a generous limit: the first compile in a process loads Roslyn.</summary>
    private static async Task WarmUpCompilerAsync()
    {
        await using var warm = new NotebookSession(new NotebookSessionOptions { CellTimeout = TimeSpan.FromMinutes(5) });
        Assert.Equal(CellStatus.Ok, (await warm.RunCellAsync("var warm = 1;")).Status);
    }

    [Fact]
    public async Task The_working_directory_is_restored_after_each_cell()
    {
        var before = Environment.CurrentDirectory;
        await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = Path.GetTempPath() });
        var cell = await session.RunCellAsync("System.IO.Directory.GetCurrentDirectory()");
        Assert.Equal(CellStatus.Ok, cell.Status);
        Assert.Contains(Path.GetTempPath().TrimEnd('/'), cell.ReturnValue!.Data.Values.First(), StringComparison.Ordinal);
        Assert.Equal(before, Environment.CurrentDirectory);
    }

    [Fact]
    public async Task Sessions_in_different_folders_each_see_their_own_working_directory_when_run_together()
    {
        var first = Fixture.TempFolder();
        var second = Fixture.TempFolder();
        try
        {
            await using var a = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = first });
            await using var b = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = second });

            async Task<List<string>> Probe(NotebookSession session)
            {
                var seen = new List<string>();
                for (var i = 0; i < 8; i++)
                {
                    var cell = await session.RunCellAsync($"System.Threading.Thread.Sleep(5); var d{i} = System.IO.Directory.GetCurrentDirectory();");
                    Assert.Equal(CellStatus.Ok, cell.Status);
                    seen.Add(session.GetVariable<string>($"d{i}"));
                }

                return seen;
            }

            var results = await Task.WhenAll(Task.Run(() => Probe(a)), Task.Run(() => Probe(b)));
            Assert.All(results[0], d => Assert.Equal(first, d));
            Assert.All(results[1], d => Assert.Equal(second, d));
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }
}
