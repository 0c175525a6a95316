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
        Assert.Equal(["Zoë Ünal", "ada", "bob-04-kv-concurrency", "empty"], submissions.Select(s => s.Student));
        var empty = submissions.Single(s => s.Student == "empty");
        Assert.Empty(empty.Notebooks);
        Assert.Equal("no notebooks (.ipynb) were found in empty's folder, so nothing was graded", empty.Notes.Single());
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

    [Fact]
    public void Notebooks_are_found_at_any_depth_and_the_shallowest_wins()
    {
        Touch("class", "ada", "ada-workbook", "notebooks", "01-littles-law.ipynb");
        Touch("class", "ada", "ada-workbook", "notebooks", "old", "01-littles-law.ipynb");
        Touch("class", "ada", "ada-workbook", "02-utilization.ipynb");
        Touch("class", "ada", "ada-workbook", "notebooks", "02-utilization.ipynb");
        Touch("class", "ada", "__MACOSX", "03-latency-budget.ipynb");

        var (submissions, _) = SubmissionFinder.Find(Path.Combine(_root, "class"), GradingSpec.Exercises);

        var ada = submissions.Single();
        Assert.Equal(
            [Path.Combine("ada-workbook", "notebooks", "01-littles-law.ipynb"), Path.Combine("ada-workbook", "02-utilization.ipynb")],
            ada.Notebooks.Select(n => Path.GetRelativePath(Path.Combine(_root, "class", "ada"), n.Path)));
        Assert.Contains($"{Path.Combine("ada-workbook", "notebooks", "old", "01-littles-law.ipynb")} is a second notebook for exercise 1; {Path.Combine("ada-workbook", "notebooks", "01-littles-law.ipynb")} was graded", ada.Notes);
        Assert.Contains($"{Path.Combine("ada-workbook", "notebooks", "02-utilization.ipynb")} is a second notebook for exercise 2; {Path.Combine("ada-workbook", "02-utilization.ipynb")} was graded", ada.Notes);
        Assert.Equal(2, ada.Notes.Count);
    }

    [Fact]
    public void Links_out_of_a_students_folder_are_refused_with_the_reason()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var classmate = Touch("class", "ada", "01-littles-law.ipynb");
        var own = Touch("class", "bob", "notes", "02-utilization.ipynb");
        Directory.CreateDirectory(Path.Combine(_root, "class", "bob"));
        File.CreateSymbolicLink(Path.Combine(_root, "class", "bob", "01-littles-law.ipynb"), classmate);
        File.CreateSymbolicLink(Path.Combine(_root, "class", "bob", "02-utilization.ipynb"), own);
        Directory.CreateSymbolicLink(Path.Combine(_root, "class", "bob", "ada-folder"), Path.Combine(_root, "class", "ada"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "class", "eve"), Path.Combine(_root, "class", "ada"));

        var (submissions, _) = SubmissionFinder.Find(Path.Combine(_root, "class"), GradingSpec.Exercises);

        var bob = submissions.Single(s => s.Student == "bob");
        var linked = bob.Notebooks.Single(n => n.Exercise.Number == 1);
        Assert.StartsWith("01-littles-law.ipynb is a link to a file outside bob's folder", linked.Refusal, StringComparison.Ordinal);

        // A link inside the student's own folder is theirs: it is graded (the link is the shallower of the two).
        Assert.Null(bob.Notebooks.Single(n => n.Exercise.Number == 2).Refusal);
        Assert.Contains(bob.Notes, n => n.StartsWith("ada-folder is a link to a folder outside the submission", StringComparison.Ordinal));
        var eve = submissions.Single(s => s.Student == "eve");
        Assert.Empty(eve.Notebooks);
        Assert.StartsWith("eve is a link to a folder elsewhere", eve.Notes.Single(), StringComparison.Ordinal);
    }
}
