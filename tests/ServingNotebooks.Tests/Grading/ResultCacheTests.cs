using System.Text;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>The result cache never hands one student's result to another (issue 23), whatever the files have in common.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("servingbook-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_same_bytes_handed_in_by_two_students_have_two_keys_and_one_students_entry_is_not_the_others()
    {
        var cache = new ResultCache(_folder, "fingerprint");
        var exercise = GradingSpec.Exercises[0];
        var bytes = File.ReadAllBytes(Workbook.Notebook(1));
        var poisoned = new NotebookObservation { Notebook = exercise.Notebook, Outcome = NotebookOutcome.Ran };
        cache.Write(cache.Key("attacker", exercise, exercise.Notebook, bytes), poisoned);

        Assert.NotNull(cache.Read(cache.Key("attacker", exercise, exercise.Notebook, bytes)));
        Assert.Null(cache.Read(cache.Key("classmate", exercise, exercise.Notebook, bytes)));

        // A name cannot be made to read as another's followed by more of the key.
        Assert.NotEqual(cache.Key("ab", exercise, "c" + exercise.Notebook, bytes), cache.Key("a", exercise, "bc" + exercise.Notebook, bytes));
        Assert.NotEqual(cache.Key("a|1:b", exercise, exercise.Notebook, bytes), cache.Key("a", exercise, exercise.Notebook, Encoding.UTF8.GetBytes("|1:b").Concat(bytes).ToArray()));
    }
}
