using System.Text.Json.Nodes;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Setup;

/// <summary>
/// A student copy made exactly as docs/instructors.md tells instructors (the shell block after its "student-copy recipe" marker:
/// one <c>servingbook release --student-copy</c> line), set up with the copy's own
/// <c>dotnet run --project lib/ServingNotebooks.Setup</c> into a temporary Jupyter data folder,
/// its tool manifest then removed (the kernel must not need it), and a released notebook executed by Jupyter's own client
/// (<c>jupyter nbconvert --execute</c>) from another folder.
/// </summary>
[Collection(KernelCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class StudentCopyTests : IDisposable
{
    private const string Marker = "<!-- student-copy recipe";

    private readonly string folder = Fixture.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_student_copy_made_as_README_says_sets_up_and_runs_a_released_notebook_through_Jupyter_with_quiet_setup_and_unchanged_metadata()
    {
        var jupyter = JupyterProbe.FindJupyter(System.Environment.GetEnvironmentVariable);
        Assert.True(jupyter is not null, "this test runs Jupyter: install it (.ci/install-dependencies)");
        var student = System.IO.Path.Combine(folder, "student-workbook");
        var environment = new Dictionary<string, string?>
        {
            ["JUPYTER_DATA_DIR"] = System.IO.Path.Combine(folder, "jupyter-data"),
            ["JUPYTER_PATH"] = System.IO.Path.Combine(folder, "jupyter-path"),

            // The plain build of the kernel program: its ReadyToRun precompiling is minutes of crossgen2 that CI's own
            // setup step spends on the repository; here the switch is checked instead (no "precompiling" below).
            ["SERVINGBOOK_READY_TO_RUN"] = "0",
        };
        var servingbook = System.IO.Path.Combine(AppContext.BaseDirectory, "servingbook.dll");
        var script = $"set -euo pipefail\nservingbook() {{ dotnet '{servingbook}' \"$@\"; }}\n"
            + Recipe().Replace("../student-workbook", $"'{student}'", StringComparison.Ordinal);

        var copy = await Processes.RunAsync("bash", ["-c", script], Workbook.Workbook.Root, environment, TimeSpan.FromMinutes(5));
        Assert.True(copy.Succeeded, copy.Output);
        Assert.False(File.Exists(System.IO.Path.Combine(student, "lib", "ServingNotebooks.Grading", "GradingSpec.cs")), "the hidden test cases must never reach students");
        Assert.Empty(Directory.GetDirectories(System.IO.Path.Combine(student, "lib"), "bin", SearchOption.AllDirectories));
        Assert.True(File.Exists(System.IO.Path.Combine(student, "lib", "ServingNotebooks.Kernel", "ServingNotebooks.Kernel.csproj")), "the copy needs the kernel program");
        Assert.Contains("bin/", File.ReadAllLines(System.IO.Path.Combine(student, ".gitignore")));
        Assert.Contains("dotnet run --project lib/ServingNotebooks.Setup", File.ReadAllText(System.IO.Path.Combine(student, "README.md")), StringComparison.Ordinal);
        Assert.Contains("../README.md", File.ReadAllText(System.IO.Path.Combine(student, "notebooks", "README.md")), StringComparison.Ordinal);

        var setup = await Processes.RunAsync("dotnet", ["run", "--project", "lib/ServingNotebooks.Setup"], student, environment, TimeSpan.FromMinutes(20));
        Assert.True(setup.Succeeded, setup.Output);
        Assert.Contains("Kernel start: the kernel started and ran setup.dib and the library", setup.Output, StringComparison.Ordinal);
        Assert.Contains("… building the kernel program", setup.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("precompiling", setup.Output, StringComparison.Ordinal);

        // The registered kernel runs the tool by absolute path: it starts without the manifest, from any folder.
        Directory.Delete(System.IO.Path.Combine(student, ".config"), recursive: true);
        var notebook = System.IO.Path.Combine(student, "notebooks", "01-littles-law.ipynb");
        var executed = await Processes.RunAsync(
            jupyter!,
            ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=600",
                "--ExecutePreprocessor.startup_timeout=600", "--output-dir", folder, "--output", "executed", notebook],
            folder,
            environment,
            TimeSpan.FromMinutes(15));
        Assert.True(executed.Succeeded, executed.Output);

        var stored = JsonNode.Parse(File.ReadAllText(notebook))!;
        var result = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(folder, "executed.ipynb")))!;
        Assert.DoesNotContain(JupyterProbe.Problems(result.ToJsonString()), p => !p.StartsWith("the probe cell", StringComparison.Ordinal));

        // Jupyter replaced kernelspec and language_info with what the kernel reports: the stored ones must already be those.
        Assert.True(JsonNode.DeepEquals(stored["metadata"]!["language_info"], result["metadata"]!["language_info"]),
            $"stored {stored["metadata"]!["language_info"]}, kernel reports {result["metadata"]!["language_info"]}: run .ci/notebook-metadata");
        Assert.True(JsonNode.DeepEquals(stored["metadata"]!["kernelspec"], result["metadata"]!["kernelspec"]));

        // The setup cell shows one short line at most: no package list, no extension path, and nothing of the kernel (the
        // tool's kernel added a hidden bootstrap script with its process id and HTTP port to the first cell it ran).
        var setupCell = result["cells"]!.AsArray().First(c => c!["cell_type"]!.GetValue<string>() == "code")!;
        var all = setupCell["outputs"]!.AsArray().Select(o => string.Concat(o!["data"]?.AsObject().Select(d => Text(d.Value)) ?? [Text(o["text"])])).ToList();
        Assert.DoesNotContain(all, o => o.Contains("<script", StringComparison.OrdinalIgnoreCase) || o.Contains("dotnet-interactive-this-cell", StringComparison.Ordinal));
        var visible = all.Where(o => o.Trim().Length > 0).ToList();
        Assert.True(visible.Count <= 1 && visible.Sum(o => o.Length) <= 100, $"the setup cell shows: {string.Join(" | ", visible)}");
        Assert.DoesNotContain(all, o => o.Contains("Installed Packages", StringComparison.Ordinal) || o.Contains("Loading extension", StringComparison.Ordinal));
    }

    /// <summary>The shell block after the marker line in docs/instructors.md (README links it).</summary>
    private static string Recipe()
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(Workbook.Workbook.Root, "docs", "instructors.md"));
        var marker = Array.FindIndex(lines, l => l.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(marker >= 0, $"docs/instructors.md has no line starting with '{Marker}'");
        var start = Array.FindIndex(lines, marker, l => l.StartsWith("```sh", StringComparison.Ordinal)) + 1;
        var end = Array.FindIndex(lines, start, l => l.StartsWith("```", StringComparison.Ordinal));
        return string.Join("\n", lines[start..end]);
    }

    private static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.ToString())),
        null => string.Empty,
        _ => text.ToString(),
    };
}
