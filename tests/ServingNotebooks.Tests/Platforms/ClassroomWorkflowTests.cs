using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using YamlDotNet.RepresentationModel;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>The generated .github/workflows/classroom.yml, parsed as YAML and checked step by step.</summary>
public sealed class ClassroomWorkflowTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("classroom");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)node).Value!;
    }

    private static List<YamlMappingNode> Steps(YamlMappingNode root) =>
        [.. ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["jobs"])["run-autograding-tests"])["steps"]).Cast<YamlMappingNode>()];

    private static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    [Fact]
    public async Task Classroom_init_writes_a_workflow_with_one_grading_step_per_exercise_and_the_reporter()
    {
        var (console, text) = PlainConsole.Create();
        var code = await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root, "--grader-repo", "prof/serving-grader", "--exercises", "1-3"], console);
        Assert.True(code == 0, text.ToString());
        var root = Parse(File.ReadAllText(Path.Combine(_root, ".github", "workflows", "classroom.yml")));

        // The reporter updates the check run named "Autograding Tests" (notify-classroom.js), so the workflow has that name.
        Assert.Equal("Autograding Tests", Scalar(root, "name"));
        Assert.Equal(["push", "repository_dispatch"], ((YamlSequenceNode)root["on"]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("write", Scalar(root, "permissions", "checks"));

        var steps = Steps(root);
        Assert.Equal("actions/checkout@v4", Scalar(steps[0], "uses"));
        Assert.Equal("prof/serving-grader", Scalar(steps[1], "with", "repository"));
        Assert.Equal("${{ secrets.GRADER_TOKEN }}", Scalar(steps[1], "with", "token"));
        Assert.Equal(".grader", Scalar(steps[1], "with", "path"));
        Assert.Equal("10.0.x", Scalar(steps[2], "with", "dotnet-version"));
        Assert.Contains(steps, s => Has(s, "run") && Scalar(s, "run").Contains("dotnet build .grader/lib/ServingBook", StringComparison.Ordinal));
        // Built on every run: the worker's ReadyToRun precompilation (minutes) would cost more than it saves there.
        Assert.Contains(steps, s => Has(s, "run") && Scalar(s, "run").Contains("-p:GradeWorkerReadyToRun=false", StringComparison.Ordinal));
        Assert.Contains(steps, s => Has(s, "run") && Scalar(s, "run").Contains("--sandbox none --output ${{ runner.temp }}/warm-up", StringComparison.Ordinal));

        var grading = steps.Where(s => Has(s, "id")).ToList();
        Assert.Equal(["ex01", "ex02", "ex03"], grading.Select(s => Scalar(s, "id")));
        for (var n = 1; n <= 3; n++)
        {
            var step = grading[n - 1];
            Assert.Equal("true", Scalar(step, "continue-on-error"));
            Assert.Contains($"grade --student . --source .grader/notebooks --exercise {n} --classroom", Scalar(step, "run"), StringComparison.Ordinal);
            Assert.StartsWith($"Exercise {n}: {GradingSpec.Exercises.Single(e => e.Number == n).Title}", Scalar(step, "name"), StringComparison.Ordinal);
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
        PlatformFiles.Write(Path.Combine(_root, "notebooks", GradingSpec.Exercises[0].Notebook), "{}");
        PlatformFiles.Write(Path.Combine(_root, "notebooks", GradingSpec.Exercises[9].Notebook), "{}");
        var (console, _) = PlainConsole.Create();
        Assert.Equal(0, await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root, "--grader-repo", "prof/g"], console));
        var root = Parse(File.ReadAllText(Path.Combine(_root, ClassroomWorkflow.RelativePath)));
        Assert.Equal(["ex01", "ex10"], Steps(root).Where(s => Has(s, "id")).Select(s => Scalar(s, "id")));
        Assert.Equal($"Exercise 1: {GradingSpec.Exercises[0].Title}", Scalar(Steps(root).Single(s => Has(s, "id") && Scalar(s, "id") == "ex01"), "name"));
    }

    [Theory]
    [InlineData("not-a-repo")]
    [InlineData("prof/grader; rm -rf /")]
    public async Task A_grader_repository_that_is_not_owner_slash_name_is_refused(string repo)
    {
        var (console, text) = PlainConsole.Create();
        Assert.Equal(ServingBook.Cli.UsageError, await ServingBook.Cli.InvokeAsync(["classroom", "init", "--template", _root, "--grader-repo", repo], console));
        Assert.Contains($"must be owner/name", text.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, ClassroomWorkflow.RelativePath)));
    }
}
