using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServingNotebooks.Runner;
using Repository = ServingNotebooks.Tests.Workbook.Workbook;

namespace ServingNotebooks.Tests.Runner;

/// <summary>
/// Fixtures/magics.ipynb uses every magic command of the pinned Jupyter .NET kernel (dotnet-interactive 1.0.712001); it
/// must run clean, with the same visible results, through the headless runner and through real Jupyter.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class KernelParityTests
{
    /// <summary>What each code cell of magics.ipynb must show, in order: one text every path must contain.</summary>
    private static readonly string[] Expected =
    [
        "5050", // #!time: 1 + 2 + … + 100 = 100·101/2
        "", // declares answer = 42 and word = "serving"
        "answer", // #!who lists the variables
        "Int32", // #!whos gives their types
        "#!lsmagic", // #!lsmagic lists the magic commands, itself included
        "", // #!set --name fromSet --value 7
        "7", // fromSet
        "hello from the value kernel", // #!value shows what it stored
        "HELLO FROM THE VALUE KERNEL", // #!share --from value greeting
        "A heading from the markdown magic", // #!markdown
        "<b>bold from the html kernel</b>", // #!html
        ".NET Interactive", // #!about
        "43", // #!csharp: answer + 1
        "7", // #!c#: "serving".Length
    ];

    [Fact]
    public async Task Every_magic_command_runs_in_the_headless_runner()
    {
        var notebook = NotebookReader.Load(Fixture.Path("magics.ipynb"));
        var result = await new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromMinutes(5) }).RunAsync(notebook);

        var code = result.Cells.Where(c => c.Status != CellStatus.Skipped || c.KernelName != "markdown").ToList();
        Assert.All(code, c => Assert.True(c.Status == CellStatus.Ok, $"cell {c.Index + 1} ({c.Code.Split('\n')[0]}): {c.Status} {c.FailureSummary}"));
        var shown = code.Select(c => string.Concat(c.Outputs.SelectMany(o => o.Data.Values))).ToList();
        AssertShows(shown);
        Assert.Matches(WallTime(), shown[0]);
        Assert.Contains("#!who", shown[4], StringComparison.Ordinal);
        Assert.Contains("#!share", shown[4], StringComparison.Ordinal);
        Assert.Contains("#!time", shown[4], StringComparison.Ordinal);
    }

    [Trait("Tier", "EndToEnd")]
    [JupyterFact]
    public void Every_magic_command_runs_in_jupyter()
    {
        var output = Fixture.TempFolder();
        try
        {
            var check = new ProcessStartInfo(Path.Combine(Repository.Root, ".ci", "jupyter-check"), [Fixture.Path("magics.ipynb")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            check.Environment["JUPYTER_CHECK_OUT"] = output;
            check.Environment["JUPYTER_CHECK_SKIP_SETUP"] = "1"; // no build while other tests run notebooks (.ci/run runs setup first)
            using var process = Process.Start(check)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();

            // jupyter-check fails on any error output or text on stderr.
            Assert.True(process.ExitCode == 0, $".ci/jupyter-check failed:\n{stdout.Result}\n{stderr.Result}");
            using var executed = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "magics.ipynb")));
            var shown = executed.RootElement.GetProperty("cells").EnumerateArray()
                .Where(c => c.GetProperty("cell_type").GetString() == "code")
                .Select(c => string.Concat(c.GetProperty("outputs").EnumerateArray().Select(OutputText)))
                .ToList();
            AssertShows(shown);
            Assert.Matches(WallTime(), shown[0]);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_runner_takes_its_magic_commands_from_the_pinned_jupyter_kernel_tool()
    {
        using var tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")));
        var pinned = tools.RootElement.GetProperty("tools").GetProperty("microsoft.dotnet-interactive").GetProperty("version").GetString();
        var project = File.ReadAllText(Path.Combine(Repository.Root, "lib", "ServingNotebooks.Runner", "ServingNotebooks.Runner.csproj"));

        Assert.Equal("1.0.712001", pinned);
        Assert.Contains($"<DotnetInteractiveToolVersion>{pinned}</DotnetInteractiveToolVersion>", project, StringComparison.Ordinal);
    }

    private static void AssertShows(IReadOnlyList<string> shown)
    {
        Assert.Equal(Expected.Length, shown.Count);
        for (var i = 0; i < Expected.Length; i++)
        {
            Assert.True(shown[i].Contains(Expected[i], StringComparison.Ordinal), $"code cell {i + 1} should show '{Expected[i]}' but shows: {shown[i][..Math.Min(300, shown[i].Length)]}");
        }
    }

    private static string OutputText(JsonElement output)
    {
        static string Join(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";

        if (output.TryGetProperty("text", out var text))
        {
            return Join(text);
        }

        return output.TryGetProperty("data", out var data)
            ? string.Concat(data.EnumerateObject().Select(p => Join(p.Value)))
            : "";
    }

    [GeneratedRegex(@"Wall time: \d+(\.\d+)?ms")]
    private static partial Regex WallTime();
}

/// <summary>A fact that needs Jupyter (<c>/usr/bin/jupyter</c>); skipped, with the reason, on a machine without it.</summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        if (!File.Exists("/usr/bin/jupyter"))
        {
            Skip = "Jupyter is not installed (/usr/bin/jupyter): the Jupyter half of this test cannot run here. .ci/jupyter-check installs it.";
        }
    }
}
