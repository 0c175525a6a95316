using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

public sealed class SubmissionFinderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("servingbook-finder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        return path;
    }

    [Theory]
    [InlineData("04-kv-concurrency.ipynb", 4)]
    [InlineData("04-KV-Concurrency.IPYNB", 4)]
    [InlineData("ada_04_kv_concurrency (1).ipynb", 4)]
    [InlineData("04 my answer.ipynb", 4)]
    [InlineData("4-kv.ipynb", 4)]
    [InlineData("10-trace-checklist.ipynb", 10)]
    [InlineData("01 Little’s law – José.ipynb", 1)]
    [InlineData("2024-homework.ipynb", null)]
    [InlineData("notes.ipynb", null)]
    public void Notebooks_are_matched_to_exercises_by_file_name(string name, int? exercise) =>
        Assert.Equal(exercise, SubmissionFinder.Match(name, GradingSpec.Exercises)?.Number);

    [Fact]
    public void A_folder_of_folders_is_a_class_and_single_notebooks_in_it_are_students()
    {
        Touch("class", "ada", "01-littles-law.ipynb");
        Touch("class", "ada", "02 utilization.ipynb");
        Touch("class", "ada", "02-utilization.ipynb");
        Touch("class", "ada", "scratch.ipynb");
        Touch("class", "ada", "data", "x.csv");
        Touch("class", "Zoë Ünal", "03-latency-budget.ipynb");
        Touch("class", ".ipynb_checkpoints", "01-littles-law.ipynb");
        Touch("class", "bob-04-kv-concurrency.ipynb");
        Touch("class", "empty", "readme.txt");

        var (submissions, problems) = SubmissionFinder.Find(Path.Combine(_root, "class"), GradingSpec.Exercises);

        Assert.Empty(problems);
        Assert.Equal(["Zoë Ünal", "ada", "bob-04-kv-concurrency"], submissions.Select(s => s.Student));
        var ada = submissions.Single(s => s.Student == "ada");
        Assert.Equal(["01-littles-law.ipynb", "02-utilization.ipynb"], ada.Notebooks.Select(n => Path.GetFileName(n.Path)));
        Assert.Equal(2, ada.Notes.Count);
        Assert.Contains(ada.Notes, n => n.StartsWith("02 utilization.ipynb is a second notebook for exercise 2", StringComparison.Ordinal));
        Assert.Contains(ada.Notes, n => n.StartsWith("scratch.ipynb is not one of the exercises", StringComparison.Ordinal));
        Assert.Equal(4, submissions.Single(s => s.Student == "bob-04-kv-concurrency").Notebooks.Single().Exercise.Number);
    }

    [Fact]
    public void A_folder_of_notebooks_is_one_student_and_a_file_is_one_student()
    {
        var file = Touch("ada", "05-cost-per-million.ipynb");

        var (folder, _) = SubmissionFinder.Find(Path.Combine(_root, "ada"), GradingSpec.Exercises);
        Assert.Equal("ada", folder.Single().Student);

        var (single, _) = SubmissionFinder.Find(file, GradingSpec.Exercises);
        Assert.Equal("05-cost-per-million", single.Single().Student);
        Assert.Equal(5, single.Single().Notebooks.Single().Exercise.Number);

        var (none, problems) = SubmissionFinder.Find(Path.Combine(_root, "missing"), GradingSpec.Exercises);
        Assert.Empty(none);
        Assert.EndsWith("missing: no such file or folder", problems.Single(), StringComparison.Ordinal);
    }
}
