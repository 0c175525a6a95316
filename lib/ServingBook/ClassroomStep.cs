using System.Diagnostics;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook grade --student &lt;folder&gt; --exercise N --classroom</c>: one exercise of one Classroom repository graded
/// with the hidden cases, in the reporter's format — for the instructor's side (never the students' workflow, which runs
/// the practice check, <c>lib/ServingNotebooks.Practice</c>, because students control it). Grades
/// exercise N of the student's repository (any shape: notebooks at the top, in <c>notebooks/</c>, in a zip) exactly as
/// <c>grade</c> grades a class, writes the reporter's result to <c>&lt;output&gt;/classroom-result.json</c> and, inside GitHub
/// Actions, to the step's <c>result</c> output (base64, as the reporter reads it), prints the feedback to the log, and exits 0
/// only for full marks: a plain command grader (autograding-command-grader) would give all or nothing, the reporter gives
/// the points.
/// </summary>
public static class ClassroomStep
{
    /// <summary>The result file's name in the output folder.</summary>
    public const string ResultFileName = "classroom-result.json";

    /// <summary>Grades and reports; returns the exit code: 0 for full marks, 1 otherwise.</summary>
    /// <param name="student">The student's folder, notebook or zip.</param>
    /// <param name="exercise">The exercise.</param>
    /// <param name="options">Grading options (source, timeouts, output folder); its exercises are replaced by <paramref name="exercise"/>.</param>
    /// <param name="console">Where the feedback goes (the Actions log).</param>
    /// <param name="githubOutput">The file GitHub Actions reads step outputs from (<c>$GITHUB_OUTPUT</c>), or null.</param>
    /// <param name="cancellationToken">Stops grading.</param>
    public static async Task<int> ExecuteAsync(string student, Exercise exercise, GradingOptions options, IAnsiConsole console, string? githubOutput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(exercise);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var stopwatch = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        var name = $"Exercise {exercise.Number}: {exercise.Title}";
        ClassroomResult result;
        try
        {
            var stage = Path.Combine(output, ClassGrader.WorkFolderName, "classroom");
            if (Directory.Exists(stage))
            {
                Directory.Delete(stage, recursive: true);
            }

            var flat = SubmissionShape.Flatten(student, Path.Combine(stage, "student"));
            var run = flat.Notebooks.Count == 0
                ? null
                : await ClassGrader.GradeAsync(stage, options with { Exercises = [exercise], Parallelism = 1, Sandbox = GradescopeAutograder.ChooseSandbox(options.Sandbox) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (run is null || run.Students.Count == 0)
            {
                result = ClassroomResult.Error(name, exercise.Points, $"No notebook (.ipynb) was found in {student}: commit {exercise.Notebook}.");
            }
            else
            {
                // A step grades one exercise: notes about the repository's other exercise notebooks (left alone on purpose) are not its business.
                var others = GradingSpec.Exercises.Where(e => e.Number != exercise.Number).Select(e => e.Notebook).ToList();
                var notes = flat.Notes.Concat(run.Students[0].Notes).Where(n => !others.Any(o => n.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
                var grade = run.Students[0] with { Notes = notes };
                result = ClassroomResult.From(grade, [exercise], stopwatch.Elapsed);
            }
        }
        catch (GraderException e)
        {
            result = ClassroomResult.Error(name, exercise.Points, $"The grader could not run ({e.Message}).");
        }

        Directory.CreateDirectory(output);
        Gradebook.WriteAtomically(Path.Combine(output, ResultFileName), result.ToJson());
        if (!string.IsNullOrEmpty(githubOutput))
        {
            File.AppendAllText(githubOutput, $"result={result.ToBase64()}\n");
        }

        console.MarkupLineInterpolated($"[bold]{name}[/]: {CsvText.Number(result.Score)} / {CsvText.Number(result.MaxScore)} ({result.Status})");
        foreach (var test in result.Tests)
        {
            console.WriteLine(test.Message);
        }

        return result.Status == "pass" ? 0 : 1;
    }
}
