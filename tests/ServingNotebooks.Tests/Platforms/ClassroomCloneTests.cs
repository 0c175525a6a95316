using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Issue 23, item 6: hidden grading runs on the instructor's machine over the folder <c>gh classroom clone student-repos</c>
/// makes — <c>&lt;assignment slug&gt;-submissions/&lt;assignment slug&gt;-&lt;username&gt;/</c>, each a clone of a student's
/// repository (github/gh-classroom, cmd/gh-classroom/clone/student-repos/student-repos.go) — graded by username.
/// </summary>
public sealed class ClassroomCloneTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("classroom-clone");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
    }

    /// <summary>A student's repository as a clone has it: .git, the workflow, the library, the notebooks.</summary>
    private void Repository(string name, params string[] notebooks)
    {
        Touch("serving-hw-submissions", name, ".git", "HEAD");
        Touch("serving-hw-submissions", name, ".github", "workflows", "classroom.yml");
        Touch("serving-hw-submissions", name, "lib", "ServingMath", "Queueing.cs");
        Touch("serving-hw-submissions", name, "README.md");
        foreach (var notebook in notebooks)
        {
            Touch("serving-hw-submissions", name, "notebooks", notebook);
        }
    }

    [Fact]
    public void Each_cloned_repository_is_a_student_named_by_their_username()
    {
        Repository("serving-hw-ada-l", "01-littles-law.ipynb", "02-utilization.ipynb");
        Repository("serving-hw-bob99", "01-littles-law.ipynb");

        var (submissions, problems) = SubmissionFinder.Find(Path.Combine(_root, "serving-hw-submissions"), GradingSpec.Exercises);

        Assert.Empty(problems);
        Assert.Equal(["ada-l", "bob99"], submissions.Select(s => s.Student));
        Assert.Equal([1, 2], submissions[0].Notebooks.Select(n => n.Exercise.Number));
        Assert.Equal(Path.Combine(_root, "serving-hw-submissions", "serving-hw-ada-l", "notebooks", "01-littles-law.ipynb"), submissions[0].Notebooks[0].Path);
        Assert.Equal([1], submissions[1].Notebooks.Select(n => n.Exercise.Number));
    }

    [Fact]
    public void A_repository_outside_the_assignments_naming_keeps_its_folder_name_and_other_folders_are_untouched()
    {
        Repository("serving-hw-ada", "01-littles-law.ipynb");
        Repository("renamed-by-hand", "01-littles-law.ipynb");
        Touch("class", "serving-hw-carl", "01-littles-law.ipynb");

        Assert.Equal(["ada", "renamed-by-hand"], SubmissionFinder.Find(Path.Combine(_root, "serving-hw-submissions"), GradingSpec.Exercises).Submissions.Select(s => s.Student));
        Assert.Equal(["serving-hw-carl"], SubmissionFinder.Find(Path.Combine(_root, "class"), GradingSpec.Exercises).Submissions.Select(s => s.Student));
        Assert.Equal("serving-hw-", SubmissionFinder.ClassroomClonePrefix(Path.Combine(_root, "serving-hw-submissions") + "/"));
        Assert.Null(SubmissionFinder.ClassroomClonePrefix(Path.Combine(_root, "-submissions")));
    }
}
