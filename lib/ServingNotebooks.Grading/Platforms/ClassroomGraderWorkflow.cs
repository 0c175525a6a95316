using System.Globalization;
using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// Writes <c>.github/workflows/grade-classroom.yml</c> for the instructor's private repository (this workbook, with the
/// grader, its hidden cases and the solutions): run by hand (<c>workflow_dispatch</c>) with a Classroom assignment id, it
/// clones the class with the GitHub CLI's classroom extension (<c>gh classroom clone student-repos</c>, github/gh-classroom,
/// <c>cmd/gh-classroom/clone/student-repos/student-repos.go</c>: flags <c>--assignment-id</c>, <c>--directory</c>,
/// <c>--per-page</c>; it makes <c>&lt;slug&gt;-submissions/&lt;slug&gt;-&lt;username&gt;/</c>), grades that folder in
/// bubblewrap, and uploads the gradebook as an artifact.
/// </summary>
/// <remarks>
/// It runs in the instructor's repository, which students cannot push to, so the token it uses (the repository secret
/// <c>CLASSROOM_TOKEN</c>: read access to the classroom organization's repositories) and the hidden cases stay out of their
/// reach. Students' code runs only inside the grader's sandbox. The assignment id reaches the shell through an environment
/// variable, never pasted into the script (an input is text someone typed).
/// </remarks>
public static class ClassroomGraderWorkflow
{
    /// <summary>Where the workflow goes in the instructor's repository.</summary>
    public const string RelativePath = ".github/workflows/grade-classroom.yml";

    /// <summary>The secret that holds the organization token, in the instructor's repository.</summary>
    public const string TokenSecret = "CLASSROOM_TOKEN";

    /// <summary>The workflow's YAML text.</summary>
    /// <param name="exercises">The exercises the assignment grades.</param>
    public static string Yaml(IReadOnlyList<Exercise> exercises)
    {
        ArgumentNullException.ThrowIfNull(exercises);
        if (exercises.Count == 0)
        {
            throw new ArgumentException("the workflow needs at least one exercise", nameof(exercises));
        }

        var list = string.Join(',', exercises.Select(e => e.Number.ToString(CultureInfo.InvariantCulture)));
        var y = new StringBuilder();
        y.Append("# Grades a GitHub Classroom assignment with the hidden cases, written by `servingbook classroom init-grader`.\n");
        y.Append("# Runs in the instructor's private repository only (students cannot change it); needs the repository secret ")
            .Append(TokenSecret).Append(".\n");
        y.Append("name: Grade the class\n");
        y.Append("'on':\n  workflow_dispatch:\n    inputs:\n      assignment:\n");
        y.Append("        description: 'The Classroom assignment id (gh classroom assignments)'\n        required: true\n        type: string\n");
        y.Append("permissions:\n  contents: read\n");
        y.Append("jobs:\n  grade:\n    runs-on: ubuntu-latest\n    timeout-minutes: 180\n    steps:\n");
        y.Append("      - name: Checkout the workbook and grader\n        uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n");
        y.Append("      - name: Set up .NET\n        uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '10.0.x'\n");
        y.Append("      - name: Install bubblewrap\n        run: sudo apt-get update && sudo apt-get install -y bubblewrap\n");

        // Ubuntu 24.04 (ubuntu-latest) lets AppArmor refuse unprivileged user namespaces, and bwrap then fails with "setting up
        // uid map: Permission denied" (containers/bubblewrap issue 632; actions/runner-images issue 10015).
        y.Append("      - name: Let bubblewrap make its namespaces\n        run: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\n");
        y.Append("      - name: Clone the class\n        env:\n          GH_TOKEN: ${{ secrets.").Append(TokenSecret).Append(" }}\n");
        y.Append("          ASSIGNMENT: ${{ inputs.assignment }}\n        run: |\n");
        y.Append("          gh extension install github/gh-classroom\n");
        y.Append("          gh classroom clone student-repos --assignment-id \"$ASSIGNMENT\" --per-page 100 --directory \"$RUNNER_TEMP/class\"\n");
        y.Append("      - name: Grade\n        run: ./servingbook grade \"$RUNNER_TEMP\"/class/*-submissions --sandbox bwrap --exercises ")
            .Append(list).Append(" --output grades\n");
        y.Append("      - name: Upload the gradebook\n        if: always()\n        uses: actions/upload-artifact@v4\n        with:\n          name: gradebook\n");
        y.Append("          path: |\n            grades/*.csv\n            grades/*.json\n            grades/feedback/\n");
        return y.ToString();
    }
}
