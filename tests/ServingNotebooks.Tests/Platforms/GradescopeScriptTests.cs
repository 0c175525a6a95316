using System.Diagnostics;
using System.Text.Json;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// The Gradescope bundle's shell scripts (issue 23): clean under shellcheck, no <c>| grep -q</c> under <c>pipefail</c> (the
/// race that read ICU as missing), and <c>run_autograder</c> leaves a valid results.json saying grading failed when the
/// grader is killed before it writes one.
/// </summary>
public sealed class GradescopeScriptTests : IDisposable
{
    private static string Scripts => Path.Combine(Tests.Workbook.Workbook.Root, "lib", "ServingNotebooks.Grading", "Platforms", "Gradescope");

    private readonly string _root = PlatformFiles.TempFolder("gradescope-scripts");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        // A 10-minute backstop only (the scripts here take well under a second); no assertion depends on time.
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), $"{program} did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void Both_scripts_pass_shellcheck_and_setup_has_no_early_exit_pipe()
    {
        var (code, output) = Run("shellcheck", ["-s", "bash", Path.Combine(Scripts, "setup.sh"), Path.Combine(Scripts, "run_autograder")]);
        Assert.True(code == 0, output);
        var commands = File.ReadAllLines(Path.Combine(Scripts, "setup.sh")).Where(l => !l.TrimStart().StartsWith('#'));
        Assert.DoesNotContain(commands, l => l.Contains("| grep -q", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_grader_killed_before_it_writes_leaves_a_results_file_saying_grading_failed()
    {
        // run_autograder as the bundle writes it, with a `dotnet` first on PATH that is killed (SIGKILL) at once.
        var script = File.ReadAllText(Path.Combine(Scripts, "run_autograder"))
            .Replace("@HIDDEN_VISIBILITY@", "after_due_date", StringComparison.Ordinal)
            .Replace("@EXERCISES@", string.Empty, StringComparison.Ordinal)
            .Replace("@TIMEOUTS@", string.Empty, StringComparison.Ordinal);
        var runAutograder = Path.Combine(_root, "run_autograder");
        File.WriteAllText(runAutograder, script);
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/bin/sh\nkill -9 $$\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, _) = Run("bash", [runAutograder], new Dictionary<string, string>
        {
            ["AUTOGRADER_ROOT"] = _root,
            ["PATH"] = $"{bin}:/usr/bin:/bin",
        });

        // 128 + 9: killed; the file is valid JSON with a score and the words a student sees.
        Assert.Equal(137, code);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "results", "results.json")));
        Assert.Equal(0.0, results.RootElement.GetProperty("score").GetDouble());
        Assert.StartsWith("Grading did not finish", results.RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "results", "results.json.tmp")));
    }
}
