using System.Text.Json.Nodes;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingNotebooks.Tests.Grading;

public sealed class ReleaseTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("servingbook-release-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A copy of the instructor notebooks 01–05 with setup.dib, data/ and README.md; notebook 01 carries outputs, as after a run.</summary>
    private string InstructorCopy()
    {
        var source = Path.Combine(_root, "workbook", "notebooks");
        Directory.CreateDirectory(source);
        for (var n = 1; n <= 5; n++)
        {
            File.Copy(Workbook.Notebook(n), Path.Combine(source, Path.GetFileName(Workbook.Notebook(n))));
        }

        foreach (var file in Directory.GetFiles(Workbook.Notebooks).Where(f => !f.EndsWith(".ipynb", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(source, "data"));
        foreach (var file in Directory.GetFiles(Path.Combine(Workbook.Notebooks, "data")))
        {
            File.Copy(file, Path.Combine(source, "data", Path.GetFileName(file)));
        }

        var path = Path.Combine(source, Path.GetFileName(Workbook.Notebook(1)));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var cell in ((JsonArray)json["cells"]!).Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
        {
            cell!["execution_count"] = 3;
            cell["outputs"] = new JsonArray(new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = new JsonArray("24\n") });
        }

        File.WriteAllText(path, json.ToJsonString());
        return source;
    }

    private static JsonArray Cells(string path) => (JsonArray)JsonNode.Parse(File.ReadAllText(path))!["cells"]!;

    private static bool IsSolution(JsonNode cell) => cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t!.GetValue<string>() == Release.SolutionTag);

    [Fact]
    public void Release_removes_solution_cells_and_clears_outputs_and_keeps_everything_else()
    {
        var source = InstructorCopy();
        var output = Path.Combine(_root, "student");
        var released = Release.Run(source, output);

        Assert.Equal(5, released.Count);
        // Notebooks 1–5 have parts (a), (b), (c): a solution cell and a "### Solution (x)" heading each; and two concept
        // questions, each a solution cell with the right letter (no heading).
        Assert.All(released, r => Assert.Equal(5, r.SolutionCells));
        Assert.All(released, r => Assert.Equal(3, r.HeadingCells));
        // Notebook 1 was given an output in every code cell; each one is cleared.
        Assert.Equal(Cells(Path.Combine(source, released[0].Notebook)).Count(c => c!["cell_type"]!.GetValue<string>() == "code"), released[0].ClearedOutputs);
        Assert.True(released[0].ClearedOutputs >= 5);
        foreach (var r in released)
        {
            var before = Cells(Path.Combine(source, r.Notebook));
            var after = Cells(Path.Combine(output, r.Notebook));
            Assert.DoesNotContain(after, c => IsSolution(c!));
            Assert.All(after.Where(c => c!["cell_type"]!.GetValue<string>() == "code"), c =>
            {
                Assert.Empty((JsonArray)c!["outputs"]!);
                Assert.Null(c["execution_count"]);
            });

            // Every other cell is kept, in order, with its text (the "## Solution" heading goes with its solution).
            var kept = before.Where((c, i) => !IsSolution(c!) && !(i + 1 < before.Count && IsSolution(before[i + 1]!) && c!["cell_type"]!.GetValue<string>() == "markdown"))
                .Select(c => c!["source"]!.ToJsonString()).ToList();
            Assert.Equal(kept, after.Select(c => c!["source"]!.ToJsonString()).ToList());
            Assert.Equal(before.Count - 8, after.Count);   // 5 solution cells (3 parts, 2 questions) and 3 headings

            var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(output, r.Notebook)))!["metadata"]!;
            Assert.Equal(".net-csharp", metadata["kernelspec"]!["name"]!.GetValue<string>());
            Assert.Equal("csharp", metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(source, "setup.dib")), File.ReadAllBytes(Path.Combine(output, "setup.dib")));
        Assert.Equal(
            Directory.GetFiles(Path.Combine(source, "data")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(output, "data")).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(output, "README.md")));
    }

    [Fact]
    public void Release_is_idempotent_byte_for_byte()
    {
        var source = InstructorCopy();
        var first = Path.Combine(_root, "first");
        Release.Run(source, first);
        var bytes = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Order().ToDictionary(f => Path.GetRelativePath(first, f), File.ReadAllBytes);

        Release.Run(source, first);
        var again = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Order().ToDictionary(f => Path.GetRelativePath(first, f), File.ReadAllBytes);
        Assert.Equal(bytes.Keys, again.Keys);
        Assert.All(bytes, kv => Assert.Equal(kv.Value, again[kv.Key]));

        // Releasing the student version changes nothing either.
        var second = Path.Combine(_root, "second");
        var released = Release.Run(first, second);
        Assert.All(released, r => Assert.Equal(0, r.SolutionCells));
        Assert.All(bytes, kv => Assert.Equal(kv.Value, File.ReadAllBytes(Path.Combine(second, kv.Key))));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("student")]
    [InlineData("..")]
    public async Task Release_refuses_an_output_folder_that_overlaps_the_source(string relative)
    {
        var source = InstructorCopy();
        var before = Directory.GetFiles(source, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var output = Path.GetFullPath(Path.Combine(source, relative));

        Assert.Throws<ArgumentException>(() => Release.Run(source, output));

        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 500;
        Assert.Equal(1, await ServingBook.Cli.InvokeAsync(["release", "--source", source, "--output", output], console));
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: the output folder", lines[0], StringComparison.Ordinal);

        Assert.Equal(before.Keys.Order(), Directory.GetFiles(source, "*", SearchOption.AllDirectories).Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
    }

    [Fact]
    public async Task Release_command_prints_a_table_and_exits_zero()
    {
        var source = InstructorCopy();
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 500;
        var exit = await ServingBook.Cli.InvokeAsync(["release", "-s", source, "-o", Path.Combine(_root, "out")], console);

        Assert.Equal(0, exit);
        Assert.Contains("01-littles-law.ipynb", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Student notebooks: ", text.ToString(), StringComparison.Ordinal);
    }
}
