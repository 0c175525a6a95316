using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using YamlDotNet.RepresentationModel;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Issue 23, item 6: the students' .github/workflows/classroom.yml runs the visible checks only — no other repository, no
/// secret, a read-only token — and the instructor's grading workflow is another file, in another repository. Parsed as
/// YAML and checked step by step.
/// </summary>
public sealed class ClassroomWorkflowTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("classroom");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    internal static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)node).Value!;
    }

    internal static List<YamlMappingNode> Steps(YamlMappingNode root, string job) =>
        [.. ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["jobs"])[job])["steps"]).Cast<YamlMappingNode>()];

    internal static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>The smallest template the workflow may go into: the practice check's project, nothing secret.</summary>
    private void Template() => PlatformFiles.Write(Path.Combine(_root, "lib", "ServingNotebooks.Practice", "ServingNotebooks.Practice.csproj"), "<Project />");

    [Fact]
    public async Task The_students_workflow_runs_one_practice_step_per_exercise_with_no_secret_no_grader_checkout_and_a_read_only_token()
    {
        Template();
        var (console, text) = PlainConsole.Create();
        var code = await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root, "--exercises", "1-3"], console);
        Assert.True(code == 0, text.ToString());
        var yaml = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "classroom.yml"));
        var root = Parse(yaml);

        // Nothing in the file reaches past the student's own repository: no secret, no grader, no token of any kind.
        Assert.DoesNotContain("secrets.", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(".grader", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("token", yaml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("grader-repo", yaml, StringComparison.Ordinal);

        // The reporter updates the check run named "Autograding Tests", so the workflow has that name.
        Assert.Equal("Autograding Tests", Scalar(root, "name"));
        Assert.Equal(["push", "repository_dispatch"], ((YamlSequenceNode)root["on"]).Select(n => ((YamlScalarNode)n).Value));
        var permissions = (YamlMappingNode)root["permissions"];
        Assert.Equal([("contents", "read")], permissions.Children.Select(p => (((YamlScalarNode)p.Key).Value, ((YamlScalarNode)p.Value).Value)));

        var steps = Steps(root, "run-autograding-tests");
        var checkouts = steps.Where(s => Has(s, "uses") && Scalar(s, "uses").StartsWith("actions/checkout", StringComparison.Ordinal)).ToList();
        var checkout = Assert.Single(checkouts);
        Assert.Equal(["persist-credentials"], ((YamlMappingNode)checkout["with"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("false", Scalar(checkout, "with", "persist-credentials"));
        Assert.Equal("10.0.x", Scalar(steps[1], "with", "dotnet-version"));
        Assert.Equal("dotnet build lib/ServingNotebooks.Practice --nologo -v quiet", Scalar(steps[2], "run"));
        AssertAptUpdatedBeforeInstall(steps);

        var grading = steps.Where(s => Has(s, "id")).ToList();
        Assert.Equal(["ex01", "ex02", "ex03"], grading.Select(s => Scalar(s, "id")));
        for (var n = 1; n <= 3; n++)
        {
            var step = grading[n - 1];
            Assert.Equal("true", Scalar(step, "continue-on-error"));
            Assert.Equal($"dotnet run --project lib/ServingNotebooks.Practice --no-build -- --student . --exercise {n} --output .practice/ex{n:00}", Scalar(step, "run"));
            Assert.Equal($"Exercise {n}: {GradingSpec.Exercises.Single(e => e.Number == n).Title} (practice)", Scalar(step, "name"));
        }

        var reporter = steps[^1];
        Assert.Equal("classroom-resources/autograding-grading-reporter@v1", Scalar(reporter, "uses"));
        Assert.Equal("always()", Scalar(reporter, "if"));
        Assert.Equal("ex01,ex02,ex03", Scalar(reporter, "with", "runners"));
        for (var n = 1; n <= 3; n++)
        {
            // The reporter reads <RUNNER>_RESULTS for each runner id (its main.js: `${runner.toUpperCase()}_RESULTS`).
            Assert.Equal($"${{{{ steps.ex{n:00}.outputs.result }}}}", Scalar(reporter, "env", $"EX{n:00}_RESULTS"));
        }
    }

    [Fact]
    public async Task Without_exercises_the_template_notebooks_decide_and_the_step_names_survive_quotes()
    {
        Template();
        PlatformFiles.Write(Path.Combine(_root, "notebooks", GradingSpec.Exercises[0].Notebook), "{}");
        PlatformFiles.Write(Path.Combine(_root, "notebooks", GradingSpec.Exercises[9].Notebook), "{}");
        var (console, text) = PlainConsole.Create();
        Assert.True(await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root], console) == 0, text.ToString());
        var root = Parse(File.ReadAllText(Path.Combine(_root, ClassroomWorkflow.RelativePath)));
        var steps = Steps(root, "run-autograding-tests");
        Assert.Equal(["ex01", "ex10"], steps.Where(s => Has(s, "id")).Select(s => Scalar(s, "id")));
        Assert.Equal($"Exercise 1: {GradingSpec.Exercises[0].Title} (practice)", Scalar(steps.Single(s => Has(s, "id") && Scalar(s, "id") == "ex01"), "name"));
    }

    [Fact]
    public async Task A_template_with_the_grader_hidden_cases_or_an_instructor_notebook_is_refused_and_nothing_is_written()
    {
        PlatformFiles.Write(Path.Combine(_root, "lib", "ServingNotebooks.Grading", "GradingSpec.cs"), "// spec");
        PlatformFiles.Write(Path.Combine(_root, "extra", "Hidden04.cs"), "// hidden cases");
        PlatformFiles.Write(Path.Combine(_root, "notebooks", "01-littles-law.ipynb"), """{"cells": [{"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "L = 1;"}]}""");
        PlatformFiles.Write(Path.Combine(_root, "notebooks", "02-utilization.ipynb"), """{"cells": [{"cell_type": "code", "metadata": {}, "source": "x"}]}""");
        var (console, text) = PlainConsole.Create();
        Assert.Equal(1, await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root], console));
        var output = text.ToString();
        Assert.Contains("lib/ServingNotebooks.Practice is missing", output, StringComparison.Ordinal);
        Assert.Contains("lib/ServingNotebooks.Grading/GradingSpec.cs: the grader project", output, StringComparison.Ordinal);
        Assert.Contains("extra/Hidden04.cs: a source file of hidden cases", output, StringComparison.Ordinal);
        Assert.Contains("notebooks/01-littles-law.ipynb has cells tagged 'solution'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("02-utilization", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, ClassroomWorkflow.RelativePath)));
    }

    [Fact]
    public async Task A_student_copy_is_a_template_with_the_practice_check_and_no_hidden_case_grader_or_solution()
    {
        var copy = Path.Combine(_root, "student-copy");
        var made = StudentCopy.Make(Workbook.Workbook.Root, copy);
        Assert.Contains("lib/ServingNotebooks.Practice", made.Projects);
        Assert.DoesNotContain(made.Projects, p => p.Contains("Grading", StringComparison.Ordinal));
        var files = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(copy, f)).ToList();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith("Hidden", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("GradingSpec", StringComparison.Ordinal));
        Assert.Empty(ClassroomTemplate.Problems(copy));

        var (console, text) = PlainConsole.Create();
        Assert.True(await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", copy], console) == 0, text.ToString());
        var steps = Steps(Parse(File.ReadAllText(Path.Combine(copy, ClassroomWorkflow.RelativePath))), "run-autograding-tests");
        Assert.Equal(GradingSpec.Exercises.Select(e => ClassroomWorkflow.StepId(e.Number)), steps.Where(s => Has(s, "id")).Select(s => Scalar(s, "id")));
    }

    [Fact]
    public async Task The_instructors_grading_workflow_clones_the_class_with_the_token_only_in_that_step_and_grades_it_sandboxed()
    {
        var (console, text) = PlainConsole.Create();
        Assert.True(await ServingBook.Cli.InvokeAsync(["classroom", "init-grader", "--repo", _root, "--exercises", "1-3"], console) == 0, text.ToString());
        var yaml = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "grade-classroom.yml"));
        var root = Parse(yaml);
        var input = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["on"])["workflow_dispatch"])["inputs"];
        Assert.Equal("true", Scalar(input, "assignment", "required"));
        Assert.Equal([("contents", "read")], ((YamlMappingNode)root["permissions"]).Children.Select(p => (((YamlScalarNode)p.Key).Value, ((YamlScalarNode)p.Value).Value)));

        var steps = Steps(root, "grade");
        AssertAptUpdatedBeforeInstall(steps);
        Assert.Contains(steps, s => Has(s, "run") && Scalar(s, "run").Contains("apt-get install -y bubblewrap", StringComparison.Ordinal));
        var clone = steps.Single(s => Has(s, "env") && ((YamlMappingNode)s["env"]).Children.ContainsKey(new YamlScalarNode("GH_TOKEN")));
        Assert.Equal("${{ secrets.CLASSROOM_TOKEN }}", Scalar(clone, "env", "GH_TOKEN"));
        Assert.Equal(1, CountOf(yaml, "secrets."));

        // The typed assignment id reaches the shell as a variable, never pasted into the script.
        Assert.Equal("${{ inputs.assignment }}", Scalar(clone, "env", "ASSIGNMENT"));
        Assert.DoesNotContain(steps.Where(s => Has(s, "run")), s => Scalar(s, "run").Contains("${{", StringComparison.Ordinal));
        Assert.Contains("gh classroom clone student-repos --assignment-id \"$ASSIGNMENT\"", Scalar(clone, "run"), StringComparison.Ordinal);
        var grade = steps.Single(s => Has(s, "run") && Scalar(s, "run").StartsWith("./servingbook grade", StringComparison.Ordinal));
        Assert.Equal("./servingbook grade \"$RUNNER_TEMP\"/class/*-submissions --sandbox bwrap --exercises 1,2,3 --output grades", Scalar(grade, "run"));
        Assert.True(steps.IndexOf(clone) < steps.IndexOf(grade));
        Assert.Equal("actions/upload-artifact@v4", Scalar(steps[^1], "uses"));
        Assert.Contains("grades/feedback/", Scalar(steps[^1], "with", "path"), StringComparison.Ordinal);
    }

    /// <summary>Every step that installs a Debian package comes after (or is) one that updates apt's lists.</summary>
    private static void AssertAptUpdatedBeforeInstall(List<YamlMappingNode> steps)
    {
        var updated = false;
        foreach (var run in steps.Where(s => Has(s, "run")).Select(s => Scalar(s, "run")))
        {
            var update = run.IndexOf("apt-get update", StringComparison.Ordinal);
            var install = run.IndexOf("apt-get install", StringComparison.Ordinal);
            Assert.True(install < 0 || updated || (update >= 0 && update < install), $"apt-get install without apt-get update first: {run}");
            updated |= update >= 0;
        }
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
