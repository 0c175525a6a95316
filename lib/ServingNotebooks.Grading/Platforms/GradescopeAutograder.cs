using System.Diagnostics;
using System.Text.Json;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// What <c>run_autograder</c> does inside Gradescope's container: grades <c>&lt;root&gt;/submission/</c> with the local grader
/// and writes <c>&lt;root&gt;/results/results.json</c>. The root is <c>/autograder</c> on Gradescope and any folder in a test.
/// </summary>
/// <remarks>
/// Gradescope's harness puts the student's upload in <c>/autograder/submission</c> as uploaded (a notebook, several, a zip,
/// folders), and <c>/autograder/submission_metadata.json</c> beside it. The upload is flattened with
/// <see cref="SubmissionShape"/> into one student folder named after the submitter's email (from the metadata; "submission"
/// without it), then graded exactly as <c>servingbook grade</c> grades a class of one. A results.json is written whatever
/// happens, so the student always sees a score and a reason.
/// </remarks>
public static class GradescopeAutograder
{
    /// <summary>Grades the submission under <paramref name="root"/> and writes its results.json.</summary>
    /// <param name="root">Gradescope's <c>/autograder</c> (or a test's folder of the same shape).</param>
    /// <param name="options">
    /// Grading options: <see cref="GradingOptions.SourceDirectory"/> is the autograder's notebooks folder; the output folder is
    /// replaced by a work folder under <paramref name="root"/>.
    /// </param>
    /// <param name="hiddenCaseVisibility">When students see tests that involve hidden cases (Gradescope's values).</param>
    /// <param name="cancellationToken">Stops grading.</param>
    /// <returns>The results written, and the student's grade (null when nothing could be graded).</returns>
    public static async Task<(GradescopeResults Results, StudentGrade? Grade)> RunAsync(string root, GradingOptions options, string hiddenCaseVisibility = "after_published", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(options);
        GradescopeResults.CheckVisibility(hiddenCaseVisibility);
        var stopwatch = Stopwatch.StartNew();
        var resultsFolder = Path.Combine(root, "results");
        Directory.CreateDirectory(resultsFolder);
        var work = Path.Combine(root, "work");
        GradescopeResults results;
        StudentGrade? grade = null;
        try
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            var student = Gradebook.SafeFileName(SubmitterName(root));
            var flat = SubmissionShape.Flatten(Path.Combine(root, "submission"), Path.Combine(work, "class", student));
            if (flat.Notebooks.Count == 0)
            {
                var why = string.Join(" ", flat.Notes.Prepend("no notebook (.ipynb) was found in the submission, nor in a zip or folder inside it: upload the notebooks (or a zip of the workbook)."));
                results = GradescopeResults.Failure(why, stopwatch.Elapsed);
            }
            else
            {
                var run = await ClassGrader.GradeAsync(Path.Combine(work, "class"), options with { OutputDirectory = Path.Combine(work, "grades"), Parallelism = 1, UnprivilegedWithoutSandbox = true }, cancellationToken: cancellationToken).ConfigureAwait(false);
                grade = run.Students.Single();
                grade = grade with { Notes = [.. flat.Notes, .. grade.Notes] };
                results = GradescopeResults.From(grade, options.Exercises, stopwatch.Elapsed, hiddenCaseVisibility, run.Problems);
            }
        }
        catch (Exception e) when (e is GraderException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            results = GradescopeResults.Failure($"the autograder could not run ({e.Message}). Tell your instructor.", stopwatch.Elapsed);
        }

        Gradebook.WriteAtomically(Path.Combine(resultsFolder, "results.json"), results.ToJson());
        return (results, grade);
    }

    /// <summary>
    /// The sandbox for grading inside a platform's container (Gradescope's, a GitHub Actions runner): <paramref name="requested"/>
    /// unless it is <see cref="SandboxMode.Auto"/>, which becomes bubblewrap only when bwrap is installed and can make its
    /// namespaces here (Docker's default profile and Ubuntu's AppArmor rules can refuse them), else none: the container then
    /// holds nothing but this one submission and the grader, and (the grader being root there) the notebooks run as a user of
    /// their own (<see cref="GradingOptions.UnprivilegedWithoutSandbox"/>), which cannot write results/ or signal the grader.
    /// </summary>
    /// <param name="requested">What the command line asked for.</param>
    public static SandboxMode ChooseSandbox(SandboxMode requested)
    {
        if (requested != SandboxMode.Auto)
        {
            return requested;
        }

        if (!Sandbox.BwrapAvailable)
        {
            return SandboxMode.None;
        }

        try
        {
            var start = new ProcessStartInfo(Sandbox.BwrapPath) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true" })
            {
                start.ArgumentList.Add(argument);
            }

            using var probe = Process.Start(start)!;
            if (!probe.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                probe.Kill(entireProcessTree: true);
                return SandboxMode.None;
            }

            return probe.ExitCode == 0 ? SandboxMode.Bwrap : SandboxMode.None;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return SandboxMode.None;
        }
    }

    /// <summary>The submitter's email (or name) from Gradescope's submission_metadata.json, or "submission".</summary>
    private static string SubmitterName(string root)
    {
        var metadata = Path.Combine(root, "submission_metadata.json");
        try
        {
            if (File.Exists(metadata))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(metadata));
                if (document.RootElement.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Array && users.GetArrayLength() > 0)
                {
                    var user = users[0];
                    foreach (var field in new[] { "email", "name" })
                    {
                        if (user.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                        {
                            return text;
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // No usable metadata: the generic name will do.
        }

        return "submission";
    }
}
