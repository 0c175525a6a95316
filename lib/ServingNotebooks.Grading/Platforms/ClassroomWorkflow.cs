using System.Globalization;
using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>Settings of the GitHub Classroom workflow.</summary>
public sealed record ClassroomWorkflowOptions
{
    /// <summary>The exercises to grade, one step each.</summary>
    public required IReadOnlyList<Exercise> Exercises { get; init; }

    /// <summary>
    /// The instructor's private repository with the workbook and grader ("owner/name"), checked out with the
    /// <c>GRADER_TOKEN</c> secret so the hidden cases never sit in the students' repositories.
    /// </summary>
    public required string GraderRepository { get; init; }

    /// <summary>The branch or tag of the grader repository. Default: main.</summary>
    public string GraderRef { get; init; } = "main";

    /// <summary>Minutes each exercise step may take. Default: 10.</summary>
    public int TimeoutMinutes { get; init; } = 10;
}

/// <summary>
/// Writes <c>.github/workflows/classroom.yml</c> for a student template repository, the way GitHub Classroom's autograding
/// runs: the workflow named "Autograding Tests" on push, a checkout, one step per exercise, and the reporter
/// (classroom-resources/autograding-grading-reporter) with <c>runners</c> listing the step ids and each step's
/// <c>result</c> output in <c>&lt;ID&gt;_RESULTS</c>. Each exercise step runs
/// <c>servingbook grade --student . --exercise N --classroom</c>, which writes its reporter result to the step output and
/// exits 0 only for full marks; <c>continue-on-error</c> lets the other exercises run after a failed one.
/// </summary>
public static class ClassroomWorkflow
{
    /// <summary>Where the workflow goes in the template repository.</summary>
    public const string RelativePath = ".github/workflows/classroom.yml";

    /// <summary>The step id of an exercise: ex01 … ex10.</summary>
    /// <param name="number">The exercise number.</param>
    public static string StepId(int number) => $"ex{number:00}";

    /// <summary>The workflow's YAML text.</summary>
    /// <param name="options">Exercises and the grader repository.</param>
    public static string Yaml(ClassroomWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Exercises.Count == 0)
        {
            throw new ArgumentException("the workflow needs at least one exercise", nameof(options));
        }

        var parts = options.GraderRepository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"the grader repository must be owner/name (letters, digits, - _ .), not '{options.GraderRepository}'", nameof(options));
        }

        if (options.GraderRef.Length == 0 || options.GraderRef.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`'))
        {
            throw new ArgumentException($"the grader ref must be a branch or tag name, not '{options.GraderRef}'", nameof(options));
        }

        var servingbook = "dotnet .grader/lib/ServingBook/bin/Debug/net10.0/servingbook.dll";
        var y = new StringBuilder();
        y.Append("# GitHub Classroom autograding for the ServingNotebooks workbook, written by `servingbook classroom init`.\n");
        y.Append("# One step per exercise: each grades one notebook with the workbook's grader and hands its points to the reporter.\n");
        y.Append("name: Autograding Tests\n");
        y.Append("'on':\n  - push\n  - repository_dispatch\n");
        y.Append("permissions:\n  checks: write\n  actions: read\n  contents: read\n");
        y.Append("jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n    if: github.actor != 'github-classroom[bot]'\n    steps:\n");
        y.Append("      - name: Checkout code\n        uses: actions/checkout@v4\n");
        y.Append("      - name: Checkout the grader\n        uses: actions/checkout@v4\n        with:\n");
        y.Append("          repository: ").Append(options.GraderRepository).Append('\n');
        y.Append("          ref: ").Append(options.GraderRef).Append('\n');
        y.Append("          token: ${{ secrets.GRADER_TOKEN }}\n          path: .grader\n");
        y.Append("      - name: Set up .NET\n        uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '10.0.x'\n");
        y.Append("      - name: Install bubblewrap\n        run: sudo apt-get install -y bubblewrap\n");
        // Built on every run, so without the worker's ReadyToRun precompilation: minutes of build for seconds saved per step.
        y.Append("      - name: Build the grader\n        run: dotnet build .grader/lib/ServingBook --nologo -v quiet -p:GradeWorkerReadyToRun=false\n");

        // Outside the sandbox (it shows the NuGet cache read-only): caches what setup.dib loads with #r "nuget: ...".
        y.Append("      - name: Warm the NuGet cache\n        run: ").Append(servingbook)
            .Append(" grade .grader/notebooks/01-littles-law.ipynb --source .grader/notebooks --exercises 1 --sandbox none --output ${{ runner.temp }}/warm-up\n");
        foreach (var e in options.Exercises)
        {
            var id = StepId(e.Number);
            y.Append("      - name: ").Append(Quote($"Exercise {e.Number}: {e.Title}")).Append('\n');
            y.Append("        id: ").Append(id).Append('\n');
            y.Append("        continue-on-error: true\n");
            y.Append("        timeout-minutes: ").Append(options.TimeoutMinutes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            y.Append("        run: ").Append(servingbook).Append(" grade --student . --source .grader/notebooks --exercise ")
                .Append(e.Number.ToString(CultureInfo.InvariantCulture)).Append(" --classroom --output .grades/").Append(id).Append('\n');
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

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
