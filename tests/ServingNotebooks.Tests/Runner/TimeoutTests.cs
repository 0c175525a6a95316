using System.Diagnostics;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

[Collection(KernelCollection.Name)]
public sealed class TimeoutTests
{
    [Fact]
    public async Task An_endless_cell_times_out_keeps_what_it_printed_and_later_cells_are_skipped()
    {
        await using var session = new NotebookSession(new NotebookSessionOptions { CellTimeout = TimeSpan.FromSeconds(1.5) });
        var warm = await session.RunCellAsync("var before = 1;");
        Assert.Equal(CellStatus.Ok, warm.Status);

        var stopwatch = Stopwatch.StartNew();
        // Sleeps rather than spins, so the runaway thread costs the test host no CPU.
        var looping = await session.RunCellAsync("Console.WriteLine(\"started\");\nwhile (true) { System.Threading.Thread.Sleep(25); }");
        stopwatch.Stop();

        Assert.Equal(CellStatus.TimedOut, looping.Status);
        Assert.True(looping.Failed);
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 1.4, 10);
        Assert.Contains("1.5 s", looping.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("started\n", looping.StandardOutput.ReplaceLineEndings("\n"));
        Assert.True(session.IsBroken);

        var next = await session.RunCellAsync("var after = 2;");
        Assert.Equal(CellStatus.Skipped, next.Status);
        Assert.Contains("timed out", next.SkipReason, StringComparison.Ordinal);
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
