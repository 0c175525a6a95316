using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Exercises;

namespace ServingNotebooks.Practice;

/// <summary>
/// <c>servingbook-practice --exercise N [--student .] [--output .practice] [--timeout 120]</c>: one step of a student's
/// GitHub Classroom workflow. Checks exercise N (<see cref="PracticeCheck"/>), writes the reporter's result to
/// <c>&lt;output&gt;/classroom-result.json</c> and, inside GitHub Actions, to the step's <c>result</c> output (base64, as the
/// reporter reads it from <c>$GITHUB_OUTPUT</c>), prints the feedback, and exits 0 only when every part holds.
/// </summary>
public static class PracticeCommand
{
    /// <summary>The result file's name in the output folder (the same name as the grader's Classroom step).</summary>
    public const string ResultFileName = "classroom-result.json";

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where the feedback goes (the Actions log).</param>
    /// <param name="environment">Reads an environment variable (<c>GITHUB_OUTPUT</c>).</param>
    public static RootCommand Create(TextWriter output, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(environment);
        var exercise = new Option<int>("--exercise", "-e")
        {
            Description = $"The exercise to check: {string.Join(", ", Specs.Exercises.Select(e => e.Number))}.",
            Required = true,
        };
        exercise.Validators.Add(result =>
        {
            var number = result.GetValueOrDefault<int>();
            if (Specs.Exercises.All(e => e.Number != number))
            {
                result.AddError($"--exercise must be an exercise number, one of {string.Join(", ", Specs.Exercises.Select(e => e.Number))}, not '{number}'.");
            }
        });
        var student = new Option<string>("--student")
        {
            Description = "The student's repository (or the notebook).",
            DefaultValueFactory = _ => ".",
        };
        var folder = new Option<string>("--output", "-o")
        {
            Description = "Where classroom-result.json goes.",
            DefaultValueFactory = _ => ".practice",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds one cell or one visible case may run.",
            DefaultValueFactory = _ => 120,
        };
        timeout.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                result.AddError($"--timeout is seconds per cell and must be a positive number, not '{seconds.ToString(CultureInfo.InvariantCulture)}'.");
            }
        });

        var command = new RootCommand("Practice check of one exercise (visible cases only) for GitHub Classroom's reporter; the grade comes from the instructor's run.")
        {
            exercise,
            student,
            folder,
            timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = Specs.Exercise(parse.GetValue(exercise));
            var result = await PracticeCheck.RunAsync(parse.GetValue(student)!, chosen, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            var target = Path.GetFullPath(parse.GetValue(folder)!);
            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, ResultFileName), result.ToJson(), cancellationToken).ConfigureAwait(false);
            if (environment("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
            {
                await File.AppendAllTextAsync(githubOutput, $"result={result.ToBase64()}\n", cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Exercise {chosen.Number}: {chosen.Title} — practice score {Show(result.Score)} / {Show(result.MaxScore)} ({result.Status})").ConfigureAwait(false);
            foreach (var test in result.Tests)
            {
                await output.WriteLineAsync($"{test.Name}: {Show(test.Score)}\n{test.Message}").ConfigureAwait(false);
            }

            return result.Status == "pass" ? 0 : 1;
        });
        return command;
    }

    private static string Show(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
