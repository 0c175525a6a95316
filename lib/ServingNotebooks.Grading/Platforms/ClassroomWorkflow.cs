using System.Globalization;
using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>Settings of the students' GitHub Classroom workflow.</summary>
public sealed record ClassroomWorkflowOptions
{
    /// <summary>The exercises to check, one step each.</summary>
    public required IReadOnlyList<Exercise> Exercises { get; init; }

    /// <summary>Minutes each exercise step may take. Default: 10.</summary>
    public int TimeoutMinutes { get; init; } = 10;
}

/// <summary>
/// Writes <c>.github/workflows/classroom.yml</c> for a student template repository (a student copy), the way GitHub
/// Classroom's autograding runs: the workflow named "Autograding Tests" on push, the student's checkout, .NET, one step
/// per exercise, and the reporter (classroom-resources/autograding-grading-reporter) with <c>runners</c> listing the step
/// ids and each step's <c>result</c> output in <c>&lt;ID&gt;_RESULTS</c>.
/// </summary>
/// <remarks>
/// The student controls this workflow (it is a file of their repository), so it holds nothing a student must not see: no
/// other repository is checked out, no secret is named, the job's token may only read the repository (the reporter needs
/// none: its <c>src/notify-classroom.js</c> writes annotations), and each step runs the student copy's own practice check
/// (<c>lib/ServingNotebooks.Practice</c>: the notebook's answers and the check's visible cases, from the exercises library
/// the copy already carries), which names only its own exercise. The grade comes from the instructor's run
/// (<see cref="ClassroomGraderWorkflow"/> or <c>servingbook grade</c> on the instructor's machine).
/// </remarks>
public static class ClassroomWorkflow
{
    /// <summary>Where the workflow goes in the template repository.</summary>
    public const string RelativePath = ".github/workflows/classroom.yml";

    /// <summary>The practice check's project in a student copy.</summary>
    public const string PracticeProject = "lib/ServingNotebooks.Practice";

    /// <summary>The step id of an exercise: ex01 … ex15.</summary>
    /// <param name="number">The exercise number.</param>
    public static string StepId(int number) => $"ex{number:00}";

    /// <summary>The workflow's YAML text.</summary>
    /// <param name="options">The exercises.</param>
    public static string Yaml(ClassroomWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Exercises.Count == 0)
        {
            throw new ArgumentException("the workflow needs at least one exercise", nameof(options));
        }

        var y = new StringBuilder();
        y.Append("# GitHub Classroom autograding for the ServingNotebooks workbook, written by `servingbook classroom init`.\n");
        y.Append("# PRACTICE ONLY: each step runs the notebook's visible checks (no hidden case, no solution, no secret is in this job);\n");
        y.Append("# the grade comes from the instructor's own grading run.\n");
        y.Append("name: Autograding Tests\n");
        y.Append("'on':\n  - push\n  - repository_dispatch\n");
        y.Append("permissions:\n  contents: read\n");
        y.Append("jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n    if: github.actor != 'github-classroom[bot]'\n    steps:\n");
        y.Append("      - name: Checkout code\n        uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n");
        y.Append("      - name: Set up .NET\n        uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '10.0.x'\n");
        y.Append("      - name: Build the practice checks\n        run: dotnet build ").Append(PracticeProject).Append(" --nologo -v quiet\n");
        foreach (var e in options.Exercises)
        {
            var id = StepId(e.Number);
            y.Append("      - name: ").Append(Quote($"Exercise {e.Number}: {e.Title} (practice)")).Append('\n');
            y.Append("        id: ").Append(id).Append('\n');
            y.Append("        continue-on-error: true\n");
            y.Append("        timeout-minutes: ").Append(options.TimeoutMinutes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            y.Append("        run: dotnet run --project ").Append(PracticeProject).Append(" --no-build -- --student . --exercise ")
                .Append(e.Number.ToString(CultureInfo.InvariantCulture)).Append(" --output .practice/").Append(id).Append('\n');
        }

        y.Append("      - name: Autograding Reporter\n        if: always()\n        uses: classroom-resources/autograding-grading-reporter@v1\n        env:\n");
        foreach (var e in options.Exercises)
        {
            var id = StepId(e.Number);
            y.Append("          ").Append(id.ToUpperInvariant()).Append("_RESULTS: \"${{ steps.").Append(id).Append(".outputs.result }}\"\n");
        }

        y.Append("        with:\n          runners: ").Append(string.Join(',', options.Exercises.Select(e => StepId(e.Number)))).Append('\n');
        return y.ToString();
    }

    /// <summary>A YAML single-quoted scalar.</summary>
    /// <param name="text">The text.</param>
    internal static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
